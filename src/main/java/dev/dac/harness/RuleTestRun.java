package dev.dac.harness;

import dev.dac.cluster.RunningElasticsearch;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.load.RuleFiles;
import dev.dac.rule.RuleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.elasticsearch.client.RestClient;

/**
 * A whole {@code dac test}: the rules and fixture cases loaded, the cases chosen, and each run on Elasticsearch.
 * Also the API for rule tests written in Java: load once, then run the cases of any rule.
 */
public final class RuleTestRun {

    private final Map<String, RuleFile> rules;
    private final List<TestCase> cases;
    private final List<String> problems;

    private RuleTestRun(Map<String, RuleFile> rules, List<TestCase> cases, List<String> problems) {
        this.rules = rules;
        this.cases = cases;
        this.problems = problems;
    }

    /** Loads every rule under {@code ruleRoots} and every fixture file in {@code fixtures}. */
    public static RuleTestRun load(List<Path> ruleRoots, Path fixtures) {
        RuleFiles.Loaded loaded = RuleFiles.load(ruleRoots);
        List<String> problems = new ArrayList<>(loaded.problems());
        Map<String, RuleFile> rules = new LinkedHashMap<>();
        loaded.rules().forEach(rule -> rules.put(rule.rule().ruleId(), rule));
        List<TestCase> cases = new ArrayList<>();
        FixtureReader fixtureReader = new FixtureReader();
        if (!Files.isDirectory(fixtures)) {
            problems.add(fixtures + ": no fixtures folder; rule tests live in fixtures/*.toml");
        } else {
            try (Stream<Path> files = Files.list(fixtures)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                    try {
                        cases.addAll(fixtureReader.read(file));
                    } catch (FixtureReader.FixtureException e) {
                        problems.addAll(e.problems());
                    }
                }
            } catch (IOException e) {
                problems.add(fixtures + ": cannot be listed: " + e.getMessage());
            }
        }
        return new RuleTestRun(rules, cases, problems);
    }

    /** The same run with {@code rule} in place of the loaded rule of the same rule_id (for tests of rule edits). */
    public RuleTestRun withRule(RuleFile rule) {
        Map<String, RuleFile> replaced = new LinkedHashMap<>(rules);
        replaced.put(rule.rule().ruleId(), rule);
        return new RuleTestRun(replaced, cases, problems);
    }

    public Map<String, RuleFile> rules() {
        return rules;
    }

    public List<TestCase> cases() {
        return cases;
    }

    public List<String> problems() {
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

    /** Runs {@code selected} on {@code es}, reporting each result to {@code progress} as it comes. */
    public TestReport run(List<TestCase> selected, RunningElasticsearch es, Duration startup,
            Consumer<CaseResult> progress) throws IOException {
        RestClient rest = ((co.elastic.clients.transport.rest_client.RestClientTransport) es.client()._transport())
                .restClient();
        CaseRunner runner = new CaseRunner(new ElasticsearchJson(rest), es.version());
        long started = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        try {
            for (TestCase testCase : selected) {
                CaseResult result = runner.run(testCase, rules);
                results.add(result);
                progress.accept(result);
            }
        } finally {
            runner.cleanUp();
        }
        return new TestReport(results, problems, es.version() + " at " + es.url(), startup,
                Duration.ofNanos(System.nanoTime() - started));
    }
}
