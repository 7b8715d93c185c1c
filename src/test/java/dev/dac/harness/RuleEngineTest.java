package dev.dac.harness;

import dev.dac.cluster.RunningElasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.engine.AlertWriter;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleRun;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The query, threshold and non-aggregating ES|QL executors on test rules, and no duplicates across overlapping runs. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class RuleEngineTest {

    private static final Path RULES = Path.of("src/test/resources/dev/dac/harness/rules");
    private static final Path FIXTURES = Path.of("src/test/resources/dev/dac/harness/fixtures");

    @Test
    void queryAndEsqlCasesPass(RunningElasticsearch es) throws Exception {
        RuleTestRun run = RuleTestRun.load(List.of(RULES), List.of(FIXTURES));
        assertThat(run.problems()).isEmpty();

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        assertThat(report.results()).hasSize(3);
        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();
    }

    @Test
    void overlappingRunsDoNotDuplicateAlerts(RunningElasticsearch es) throws Exception {
        RuleTestRun run = RuleTestRun.load(List.of(RULES), List.of(FIXTURES));
        TestCase esqlCase = run.cases().stream().filter(c -> c.name().equals(
                "non-aggregating ES|QL rule: source merged with the row, one alert per document")).findFirst().orElseThrow();
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        CaseRunner runner = new CaseRunner(json, es.version());
        try {
            assertThat(runner.run(esqlCase, run.rules()).passed()).isTrue();
            // a second execution a minute later still sees the same document in its window
            Execution later = new Execution(esqlCase.executeAt().plusSeconds(60), CaseRunner.SPACE, json, es.version());
            RuleRun again = new RuleEngine().run(run.rules().get("00000000-0000-4000-8000-0000000000a2"), later);
            assertThat(again.alerts()).hasSize(1);
            assertThat(new AlertWriter(later).write(again.alerts())).as("alerts newly written").isZero();
            long stored = json.send("GET", "/" + later.alertsIndex() + "/_count", null).path("count").asLong();
            assertThat(stored).isEqualTo(1);
        } finally {
            runner.cleanUp();
        }
    }
}
