package dev.dac.harness;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.load.RuleFileFinder;
import dev.dac.validate.CheckedRule;
import dev.dac.validate.Finding;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole {@code dac test}: the rules (a validated {@link RuleSet}) and fixture cases loaded, the cases chosen, and
 * each run on Elasticsearch. Also the API for rule tests written in Java: load once, then run the cases of any rule.
 * While any rule has a validation error nothing runs: every case fails, naming the errors.
 */
public final class RuleTestRun {

    private final RuleSet ruleSet;
    private final Map<String, CheckedRule> rules;
    private final List<TestCase> cases;
    private final List<String> fixtureProblems;

    private RuleTestRun(RuleSet ruleSet, List<TestCase> cases, List<String> fixtureProblems) {
        this.ruleSet = ruleSet;
        Map<String, CheckedRule> byId = new LinkedHashMap<>();
        ruleSet.rules().forEach(rule -> rule.ruleId().ifPresent(id -> byId.putIfAbsent(id, rule)));
        this.rules = byId;
        this.cases = List.copyOf(cases);
        this.fixtureProblems = List.copyOf(fixtureProblems);
    }

    /** Validates every rule under {@code ruleRoots} and reads every fixture file under {@code fixtureRoots}. */
    public static RuleTestRun load(List<Path> ruleRoots, List<Path> fixtureRoots) {
        return of(new RuleValidator().validate(ruleRoots), fixtureRoots);
    }

    /** The cases of every fixture file under {@code fixtureRoots} (searched recursively), for {@code rules}. */
    public static RuleTestRun of(RuleSet rules, List<Path> fixtureRoots) {
        List<String> problems = new ArrayList<>();
        List<TestCase> cases = new ArrayList<>();
        FixtureReader fixtureReader = new FixtureReader();
        for (Path root : fixtureRoots) {
            RuleFileFinder.Found found = new RuleFileFinder().find(List.of(root));
            found.problems().forEach(p -> problems.add(p.path() + ": " + p.message()));
            if (found.files().isEmpty() && found.problems().isEmpty()) {
                problems.add(root + ": no fixture files (*.toml) found; rule tests live in fixtures/*.toml");
            }
            for (Path file : found.files()) {
                try {
                    cases.addAll(fixtureReader.read(file));
                } catch (FixtureReader.FixtureException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        return new RuleTestRun(rules, cases, problems);
    }

    /** The same run with the rules of {@code edited} in place of those of the same rule_id (for tests of rule edits). */
    public RuleTestRun withRules(RuleSet edited) {
        return new RuleTestRun(ruleSet.replacedBy(edited), cases, fixtureProblems);
    }

    /** The rules as validated, with every finding. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** The rules by rule_id. */
    public Map<String, CheckedRule> rules() {
        return rules;
    }

    public List<TestCase> cases() {
        return cases;
    }

    /** Fixture files that could not be used, with what is wrong and where. */
    public List<String> fixtureProblems() {
        return fixtureProblems;
    }

    /** Fixture files that could not be used, and every validation error of the rules. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(fixtureProblems);
        for (Finding error : ruleSet.report().errors()) {
            problems.add(error.file() + (error.line() == null ? "" : ":" + error.line()) + ": " + error.check().code()
                    + " " + error.message());
        }
        return problems;
    }

    /** The cases that check alerts of any of {@code ruleIds} (all cases when empty). */
    public List<TestCase> casesFor(Set<String> ruleIds) {
        if (ruleIds.isEmpty()) {
            return cases;
        }
        return cases.stream().filter(c -> c.expectations().stream().anyMatch(e -> ruleIds.contains(e.ruleId())))
                .toList();
    }

    /**
     * Runs {@code selected} on {@code es}, reporting each result to {@code progress} as it comes. With a validation
     * error among the rules, no case runs: each fails with the number of errors, and nothing reaches Elasticsearch.
     */
    public TestReport run(List<TestCase> selected, RunningElasticsearch es, Duration startup,
            Consumer<CaseResult> progress) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long started = System.nanoTime();
        if (ruleSet.hasErrors()) {
            String refusal = ruleSet.filesWithErrors() + " rule file(s) have validation errors (see problems);"
                    + " no case runs until they validate";
            for (TestCase testCase : selected) {
                CaseResult result = new CaseResult(testCase, List.of(), refusal, Duration.ZERO);
                results.add(result);
                progress.accept(result);
            }
        } else {
            CaseRunner runner = new CaseRunner(new ElasticsearchJson(es.client()), es.version());
            try {
                for (TestCase testCase : selected) {
                    CaseResult result = runner.run(testCase, rules);
                    results.add(result);
                    progress.accept(result);
                }
            } finally {
                notes.addAll(runner.notes());
                runner.cleanUp();
            }
        }
        return new TestReport(results, problems(), es.version() + " at " + es.url(), startup,
                Duration.ofNanos(System.nanoTime() - started), notes);
    }
}
