package dev.dac.cli;

import dev.dac.backtest.Backtest;
import dev.dac.backtest.BacktestSummary;
import dev.dac.cluster.ClusterException;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.RuleExecutionException;
import dev.dac.engine.RuleScheduler.ScheduledRun;
import dev.dac.fields.FieldCatalog;
import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import dev.dac.validate.CheckedRule;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code dac backtest}: how many alerts rules would have raised on their schedule over data already indexed. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = "Run rules on their schedule between two instants over data already in Elasticsearch (the"
                + " cluster at ES_URL, or the local node of `dac es start` loaded with `dac data load`), as Kibana"
                + " would have run them, and say what they would have raised: per execution, in total, the top"
                + " values of their new terms or threshold fields, and a histogram over time. It only reads the"
                + " source indices; alerts go to a scratch alerts index it creates and deletes.",
        footer = {
            "",
            "Examples:",
            "  dac backtest 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f --from now-7d --to now",
            "  dac backtest rules/integrations/aws --from 2026-04-01T00:00:00Z --to 2026-04-08T00:00:00Z \\",
            "      --format ndjson --out alerts.ndjson",
            "",
            "Ctrl-C stops after the execution under way and still prints the summary so far.",
            "",
            "Exit codes: 0 done, 1 a rule has errors or failed to run, 2 usage error, 4 no cluster reachable."
        })
public final class BacktestCommand implements java.util.concurrent.Callable<Integer> {

    /** How the created alerts are written: not at all (text summary), as a JSON array, or one a line. */
    enum Format { TEXT, JSON, NDJSON }

    @Parameters(paramLabel = "RULE", arity = "1..*",
            description = "Rule files or folders, or rule_ids of rules under --rules.")
    List<String> ruleNames;

    @Option(names = "--from", paramLabel = "TIME", required = true,
            description = "Start of the range: an ISO instant, or date math such as now-7d.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now",
            description = "End of the range (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "Where rules named by rule_id are (default: ${DEFAULT-VALUE}).")
    Path rulesDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a line per execution, then the summary), json or ndjson (the created alerts, on"
                    + " stdout or in --out; the lines and summary then go to stderr). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the created alerts to FILE (ndjson, or a JSON array with --format json).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set by Ctrl-C (the shutdown hook) or a test: the backtest stops after the execution under way. */
    final AtomicBoolean stop = new AtomicBoolean();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        Instant start;
        Instant end;
        try {
            start = DateMath.parse(from).resolve(Clock.fixed(now, java.time.ZoneOffset.UTC));
            end = DateMath.parse(to).resolve(Clock.fixed(now, java.time.ZoneOffset.UTC));
        } catch (DateMathException e) {
            return fail(err, "--from/--to: " + e.getMessage(), CommandLine.ExitCode.USAGE);
        }
        if (start.isAfter(end)) {
            return fail(err, "--from (" + start + ") is after --to (" + end + "); give the earlier instant first",
                    CommandLine.ExitCode.USAGE);
        }
        if (start.equals(end)) {
            return fail(err, "the range " + start + " .. " + end + " is empty; make --to later than --from",
                    CommandLine.ExitCode.USAGE);
        }
        List<CheckedRule> rules = new ArrayList<>();
        Integer refused = resolveRules(rules, err);
        if (refused != null) {
            return refused;
        }
        long planned;
        try {
            planned = Backtest.plannedExecutions(rules, start, end);
        } catch (RuleExecutionException e) {
            return fail(err, e.getMessage(), 1);
        }
        if (planned == 0) {
            return fail(err, "no execution fits between " + start + " and " + end + " at the rules' interval;"
                    + " widen the range", CommandLine.ExitCode.USAGE);
        }
        // json and ndjson on stdout are the alerts alone, so the lines and the summary go to stderr
        boolean alertsOnStdout = format != Format.TEXT && out == null;
        PrintWriter report = alertsOnStdout ? err : stdout;
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS); // let the run end its execution and print the summary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dac-backtest-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RunningElasticsearch es = DataCluster.connect(DacCommand.environment(spec), "backtest");
                AlertOutput alerts = AlertOutput.open(format, out, stdout)) {
            err.printf("backtest of %d rule(s) on Elasticsearch %s at %s: %d executions from %s to %s%n",
                    rules.size(), es.version(), es.url(), planned, start, end);
            err.flush();
            Progress progress = new Progress(err, report);
            BacktestSummary summary = new Backtest(new ElasticsearchJson(es.client()), es.version(),
                    FieldCatalog.builtIn()).run(rules, start, end, alerts, progress, stop::get);
            alerts.finish();
            summary.write(report);
            if (out != null) {
                report.println("alerts written to " + out);
            }
            report.flush();
            return 0;
        } catch (ClusterException e) {
            return fail(err, e.getMessage(), TestCommand.ENGINE_FAILED);
        } catch (RuleExecutionException e) {
            return fail(err, e.getMessage(), 1);
        } catch (IOException | UncheckedIOException e) {
            return fail(err, "Elasticsearch request or output failed: " + e.getMessage(), 1);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is running and ends with the latch
            }
        }
    }

    /** The rules named: files or folders validated, else rule_ids among the rules under --rules. Null when usable. */
    private Integer resolveRules(List<CheckedRule> rules, PrintWriter err) {
        List<Path> paths = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String name : ruleNames) {
            if (Files.exists(Path.of(name))) {
                paths.add(Path.of(name));
            } else {
                ids.add(name);
            }
        }
        RuleValidator validator = new RuleValidator();
        RuleSet named = paths.isEmpty() ? null : validator.validate(paths);
        RuleSet all = ids.isEmpty() ? null : Files.isDirectory(rulesDir) ? validator.validate(List.of(rulesDir))
                : null;
        for (String id : ids) {
            CheckedRule rule = all == null ? null : all.rules().stream()
                    .filter(r -> r.ruleId().map(id::equals).orElse(false)).findFirst().orElse(null);
            if (rule == null) {
                return fail(err, "rule '" + id + "' is neither a rule file or folder nor the rule_id of a rule under "
                        + rulesDir + "; name a .toml file or a rule_id", CommandLine.ExitCode.USAGE);
            }
            rules.add(rule);
        }
        if (named != null) {
            if (!ValidatedRules.usable("backtest", named, "nothing was run", err)) {
                return 1;
            }
            rules.addAll(named.rules());
        }
        if (all != null && rules.stream().anyMatch(CheckedRule::hasErrors)) {
            return fail(err, "a rule named has validation errors (see dac validate); nothing was run", 1);
        }
        if (rules.isEmpty()) {
            return fail(err, "no rule found in " + ruleNames + "; name rule files or rule_ids",
                    CommandLine.ExitCode.USAGE);
        }
        return null;
    }

    private static int fail(PrintWriter err, String message, int exit) {
        err.println("dac backtest: " + message);
        err.flush();
        return exit;
    }

    /** One line per execution (on the report), and a progress line on stderr every 5 % of a long range. */
    private static final class Progress implements Backtest.Listener {
        private final PrintWriter err;
        private final PrintWriter report;
        private long lastPercent = -1;

        Progress(PrintWriter err, PrintWriter report) {
            this.err = err;
            this.report = report;
        }

        @Override
        public void executed(ScheduledRun run, long done, long planned) {
            report.printf(Locale.ROOT, "%s  %s  %d created, %d duplicates%s  %.0f ms%n", run.at(), run.ruleId(),
                    run.created().size(), run.duplicates(),
                    run.gap().map(g -> ", gap: " + g.message()).orElse(""), run.took().toNanos() / 1e6);
            long percent = done * 100 / planned;
            if (planned >= 100 && percent / 5 != lastPercent / 5) {
                lastPercent = percent;
                err.printf(Locale.ROOT, "backtest: %d of %d executions (%d%%)%n", done, planned, percent);
                err.flush();
            }
        }
    }

    /**
     * Where created alerts go, one at a time: nowhere (text), stdout, or a file written beside its final name and
     * moved there once complete, so no half-written file is left under that name.
     */
    private static final class AlertOutput implements Consumer<ObjectNode>, AutoCloseable {
        private final Format format;
        private final Writer writer;
        private final Path target;
        private final Path partial;
        private boolean first = true;
        private boolean finished;

        private AlertOutput(Format format, Writer writer, Path target, Path partial) {
            this.format = format;
            this.writer = writer;
            this.target = target;
            this.partial = partial;
        }

        static AlertOutput open(Format format, Path out, PrintWriter stdout) throws IOException {
            Format written = out != null && format == Format.TEXT ? Format.NDJSON : format;
            if (out == null) {
                return new AlertOutput(written, written == Format.TEXT ? null : stdout, null, null);
            }
            Path partial = out.resolveSibling(out.getFileName() + ".partial");
            BufferedWriter file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            return new AlertOutput(written, file, out, partial);
        }

        @Override
        public void accept(ObjectNode alert) {
            if (writer == null) {
                return;
            }
            try {
                if (format == Format.JSON) {
                    writer.write(first ? "[\n" : ",\n");
                }
                writer.write(alert.toString());
                if (format == Format.NDJSON) {
                    writer.write('\n');
                }
                first = false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Ends the output (a stopped backtest's alerts are complete too: every execution's are written whole). */
        void finish() throws IOException {
            if (writer == null || finished) {
                return;
            }
            finished = true;
            if (format == Format.JSON) {
                writer.write(first ? "[]\n" : "\n]\n");
            }
            writer.flush();
            if (target != null) {
                writer.close();
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        @Override
        public void close() throws IOException {
            if (target != null && !finished) {
                writer.close();
                Files.deleteIfExists(partial); // a failed backtest leaves no file behind
            }
        }
    }
}
