package dev.dac.cli;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.RuleTestRun;
import dev.dac.harness.TestCase;
import dev.dac.harness.TestReport;
import dev.dac.report.TextReporter;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dac test --watch}: on each save under the rules and fixtures folders, the rules and fixtures are read and
 * validated again and the cases of the rules and fixture files that changed run on the node kept running, their
 * outcome printed as {@code dac test} prints it. Problems in the files are printed and the watch waits for the fix.
 */
final class TestWatch implements AutoCloseable {

    /** How long a save may take (writes, renames) before its changes are acted on. */
    static final Duration SETTLE = Duration.ofMillis(300);

    private final List<Path> named;
    private final List<Path> rulesDirs;
    private final List<Path> fixturesDirs;
    private final RunningElasticsearch es;
    private final boolean verbose;
    private final PrintWriter out;
    private final PrintWriter err;
    private final FolderWatch watch;

    TestWatch(List<Path> named, List<Path> rulesDirs, List<Path> fixturesDirs, RunningElasticsearch es,
            boolean verbose, PrintWriter out, PrintWriter err) throws IOException {
        this.named = named;
        this.rulesDirs = rulesDirs;
        this.fixturesDirs = fixturesDirs;
        this.es = es;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
        List<Path> roots = new java.util.ArrayList<>(rulesDirs);
        roots.addAll(fixturesDirs);
        roots.addAll(named);
        this.watch = new FolderWatch(roots, SETTLE);
    }

    /** Watches until {@link #close}: each settled change reruns the cases it touches. */
    void run() throws IOException {
        out.println("watching " + java.util.stream.Stream.of(rulesDirs, fixturesDirs, named).flatMap(List::stream)
                .map(Path::toString).collect(Collectors.joining(", ")) + " for changes;"
                + " Ctrl-C stops");
        out.flush();
        while (true) {
            Optional<Set<Path>> changed;
            try {
                changed = watch.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (changed.isEmpty()) {
                return;
            }
            Set<Path> files = changed.get().stream().filter(p -> p.getFileName().toString().endsWith(".toml"))
                    .map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            if (!files.isEmpty()) {
                rerun(files);
            }
        }
    }

    private void rerun(Set<Path> changed) throws IOException {
        long started = System.nanoTime();
        RuleValidator validator = new RuleValidator();
        RuleSet rules = named.isEmpty() ? validator.validate(rulesDirs)
                : validator.validate(rulesDirs).replacedBy(validator.validate(named));
        RuleTestRun run = RuleTestRun.of(rules, fixturesDirs);
        out.println();
        out.println("changed: " + changed.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")));
        out.flush();
        boolean usable = ValidatedRules.usable("test", rules, "waiting for the next change", err);
        if (!usable || !run.fixtureProblems().isEmpty()) {
            run.fixtureProblems().forEach(p -> err.println("dac test: " + p));
            err.println("dac test: no case was run; waiting for the next change");
            err.flush();
            return;
        }
        Set<String> changedRules = rules.rules().stream()
                .filter(r -> changed.contains(r.path().toAbsolutePath().normalize()))
                .flatMap(r -> r.ruleId().stream()).collect(Collectors.toSet());
        List<TestCase> cases = run.cases().stream()
                .filter(c -> changed.contains(c.file().toAbsolutePath().normalize())
                        || c.ruleIds().stream().anyMatch(changedRules::contains)
                        || c.expectations().stream().anyMatch(x -> changedRules.contains(x.ruleId())))
                .toList();
        if (cases.isEmpty()) {
            out.println("no case checks what changed");
            out.flush();
            return;
        }
        TestReport report = run.run(cases, es, Duration.ZERO, result -> TextReporter.writeCase(result, out, verbose));
        out.printf("%d case%s rerun: %d passed, %d failed in %.1f s%n", cases.size(), cases.size() == 1 ? "" : "s",
                report.passed(), report.failed(), (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /** Stops the watch; a waiting {@link #run} returns. */
    @Override
    public void close() throws IOException {
        watch.close();
    }

}
