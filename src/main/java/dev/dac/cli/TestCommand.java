package dev.dac.cli;

import dev.dac.cluster.ElasticsearchProvider;
import dev.dac.cluster.ClusterException;
import dev.dac.cluster.ClusterKind;
import dev.dac.cluster.ClusterSelection;
import dev.dac.cluster.ExistingClusterProvider;
import dev.dac.harness.RuleTestRun;
import dev.dac.harness.TestSelection;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.TestCase;
import dev.dac.harness.TestReport;
import dev.dac.report.ReportFormat;
import dev.dac.report.TextReporter;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dac test}: runs the fixture cases of rules on a real Elasticsearch and checks the alerts they raise. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Run rules on fixture data in a real Elasticsearch, as Kibana's detection engine would, and"
                + " check the alerts they raise against the cases in fixtures/.",
        footer = {
            "",
            "Examples:",
            "  dac test                        every case in fixtures/",
            "  dac test rules/aws/my_rule.toml the cases that check this rule",
            "  dac test fixtures/my_rule.toml  the cases of this fixture file",
            "  dac test /tmp/edited.toml       run that file in place of the rule of its",
            "                                  rule_id in rules/",
            "  dac test --rules rules --rules shared/rules",
            "           --fixtures fixtures --fixtures shared/fixtures",
            "  dac test --format junit > rule-tests.xml",
            "  ES_URL=https://scratch:9200 dac test --engine url   (a scratch cluster)",
            "",
            "Rules are validated first (findings on stderr); warnings are printed, an error stops the run before"
                    + " Elasticsearch is started.",
            "",
            "Exit codes: 0 every case passed, 1 a case failed, a rule has errors or a file could not be used,"
                    + " 2 usage error,"
                    + " 3 internal error, 4 Elasticsearch could not be started or reached.",
            "",
            HelpText.ELASTICSEARCH_ENVIRONMENT
        })
public final class TestCommand implements Callable<Integer> {

    static final int ENGINE_FAILED = 4;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Rule files or folders to test: these files are the rules run, in place of the rules of the"
                    + " same rule_id under --rules, and the cases that check them are selected; or fixture files or"
                    + " folders, whose own cases are selected (default: all cases).")
    List<Path> paths;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "Where the other rules are, searched recursively; repeat for several folders"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Path> rulesDirs;

    @Option(names = "--fixtures", paramLabel = "DIR", defaultValue = "fixtures",
            description = "Where the fixture cases are, searched recursively; repeat for several folders"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Path> fixturesDirs;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "auto, local, docker or url (default: DAC_ENGINE, else auto).")
    ClusterKind engine;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or junit (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--watch", description = "Keep the node running and rerun the cases of the rules and fixture"
            + " files that change on each save (text output; Ctrl-C stops, and stops a node dac started).")
    boolean watch;

    @Option(names = "--verbose", description = "Show the whole query that ran for a failed case (else folded).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == ReportFormat.SARIF) {
            err.println("dac test: SARIF describes findings in files, not test results; use --format junit");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        if (watch && format != ReportFormat.TEXT) {
            err.println("dac test: --watch prints text as cases rerun; leave out --format " + format.name()
                    .toLowerCase(java.util.Locale.ROOT));
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        Map<String, String> env = DacCommand.environment(spec);
        ClusterKind kind;
        try {
            kind = engine != null ? engine : ClusterKind.fromEnvironment(env);
        } catch (ClusterKind.UnknownEngine e) {
            return notRun(List.of(e.getMessage()), "no case was run", CommandLine.ExitCode.USAGE);
        }
        List<Path> named = paths == null ? List.of() : paths;
        List<Path> allPaths = new ArrayList<>(named);
        allPaths.addAll(rulesDirs);
        allPaths.addAll(fixturesDirs);
        List<String> missing = allPaths.stream().filter(p -> !Files.exists(p))
                .map(p -> p + ": no such file or folder; name rule files and folders that exist").toList();
        if (!missing.isEmpty()) {
            return notRun(missing, "no case was run", CommandLine.ExitCode.USAGE);
        }
        // the rule files named are the rules that run; the rules folders supply the others a case needs; the fixture
        // files named select their own cases
        TestSelection selection = TestSelection.of(named, fixturesDirs);
        RuleValidator validator = new RuleValidator();
        RuleSet namedRules = selection.rulePaths().isEmpty() ? null
                : validator.validate(selection.rulePaths(), rulesDirs);
        RuleSet rules = namedRules == null ? validator.validate(rulesDirs)
                : validator.validate(rulesDirs).replacedBy(namedRules);
        RuleTestRun run = RuleTestRun.of(rules, selection.fixtureRoots(fixturesDirs));
        // every problem of every rule and fixture file, before any Elasticsearch is started or reached; the rules'
        // findings are printed as validate prints them, the fixtures' problems line by line
        boolean rulesUsable = ValidatedRules.usable("test", rules, "no case was run", err);
        if (!rulesUsable || !run.fixtureProblems().isEmpty()) {
            return notRun(run.fixtureProblems(), run.problems(), "no case was run: fix the files above first", 1);
        }
        List<TestCase> selected = selection.select(run.casesFor(Set.of()),
                namedRules == null ? Set.of() : namedRules.ruleIds());
        if (selected.isEmpty()) {
            String what = named.isEmpty() ? "no fixture case checks any rule"
                    : selection.fixturePaths().isEmpty() ? "no fixture case checks the rules named"
                    : "the fixture files named hold no case" + (namedRules == null ? "" : ", and no case checks the rules named");
            return notRun(List.of(what + "; write cases in " + fixturesDirs.get(0) + "/ (see fixtures/README.md)"),
                    "no case was run", 1);
        }
        ElasticsearchProvider provider;
        RunningElasticsearch es;
        long started = System.nanoTime();
        try {
            provider = ClusterSelection.choose(kind, env);
            // a cluster of the user's or a node kept by 'dac es start' is only reached, not started
            err.println((provider instanceof ExistingClusterProvider ? "connecting to " : "starting ")
                    + provider.describe() + "...");
            err.flush();
            es = provider.start();
        } catch (ClusterException e) {
            return notRun(List.of(e.getMessage()), "no case was run", ENGINE_FAILED);
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        err.printf("Elasticsearch %s ready at %s after %.1f s; running %d case%s%n", es.version(), es.url(),
                startup.toMillis() / 1000.0, selected.size(), selected.size() == 1 ? "" : "s");
        err.flush();
        try (es) {
            // text goes to the terminal case by case; other formats are one document, so progress goes to stderr
            boolean text = format == ReportFormat.TEXT;
            TestReport report = run.run(selected, es, startup, result -> {
                if (text) {
                    TextReporter.writeCase(result, out, verbose);
                } else {
                    err.println(TextReporter.line(result));
                    err.flush();
                }
            });
            report.notes().forEach(note -> err.println("note: " + note));
            err.flush();
            if (text) {
                TextReporter.writeTestSummary(report, out);
            } else {
                format.reporter().writeTests(report, out);
            }
            if (watch) {
                return watch(selection.rulePaths(), es, out, err);
            }
            return report.succeeded() ? 0 : 1;
        }
    }

    /** Watches until Ctrl-C (or the end of the JVM): the shutdown hook ends the watch, then the node is closed. */
    private int watch(List<Path> named, RunningElasticsearch es, PrintWriter out, PrintWriter err) throws IOException {
        try (TestWatch watching = new TestWatch(named, rulesDirs, fixturesDirs, es, verbose, out, err)) {
            Thread main = Thread.currentThread();
            Thread stop = new Thread(() -> {
                try {
                    watching.close();
                    main.join(10_000); // let the command close the node and say so before the JVM ends
                } catch (IOException | InterruptedException e) {
                    // stopping anyway
                }
            }, "dac-test-watch-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            watching.run();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        err.println("dac test: stopped watching");
        err.flush();
        return 0;
    }

    /**
     * Says why nothing ran: each problem on stderr, and for json and junit a report on stdout that carries them, so
     * a CI job reading the report sees what broke instead of an empty file.
     */
    private int notRun(List<String> problems, String summary, int exit) {
        return notRun(problems, problems, summary, exit);
    }

    /** As above, printing {@code toPrint} (what stderr has not shown yet) and reporting {@code problems}. */
    private int notRun(List<String> toPrint, List<String> problems, String summary, int exit) {
        PrintWriter err = spec.commandLine().getErr();
        toPrint.forEach(p -> err.println("dac test: " + p));
        err.println("dac test: " + summary);
        err.flush();
        if (format != ReportFormat.TEXT) {
            format.reporter().writeTests(new TestReport(List.of(), problems, "not started", Duration.ZERO,
                    Duration.ZERO), spec.commandLine().getOut());
        }
        return exit;
    }
}
