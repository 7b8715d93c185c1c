package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleExecutionException;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Rule settings the engine honours as Kibana does (filters, severity/risk/name overrides, building blocks, the
 * timestamp fallback, data views, ES|QL without METADATA _id, alert suppression): the fixture cases under
 * {@code src/test/resources/dev/dac/engine/settings}, each naming the Kibana file its expectation follows, and
 * suppression across two executions.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class RuleSettingsEngineTest {

    private static final Path ROOT = Path.of("src/test/resources/dev/dac/engine/settings");

    private static RuleTestRun load() {
        return RuleTestRun.load(List.of(ROOT.resolve("rules")), List.of(ROOT.resolve("fixtures")));
    }

    @Test
    void everySettingsCasePasses(RunningElasticsearch es) throws Exception {
        RuleTestRun run = load();
        assertThat(run.problems()).isEmpty();

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        assertThat(report.results()).extracting(r -> r.testCase().name()).contains(
                "filters: each enabled filter removes the one event it should; the disabled one removes nothing",
                "query suppression per execution: one alert per user, a missing user is a group too");
        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();
    }

    @Test
    void aQuerySuppressionWindowAbsorbsALaterExecutionIntoTheFirstAlert(RunningElasticsearch es) throws Exception {
        // factories/alert_with_suppression.ts: an open alert of the instance inside the window is updated
        // (docs_count + new count + 1, end moved); group_and_bulk_create.ts: events up to the group's end are not
        // counted again
        JsonNode alert = secondExecution(es, "query suppression over a duration: first execution, one alert for the"
                + " user's three logins", "00000000-0000-4000-8000-0000000000bb");
        assertThat(alert.path("kibana.alert.suppression.docs_count").asLong()).isEqualTo(3);
        assertThat(alert.path("kibana.alert.suppression.end").asString()).isEqualTo("2026-04-10T12:02:00.000Z");
        assertThat(alert.path("kibana.alert.suppression.start").asString()).isEqualTo("2026-04-10T11:55:00.000Z");
        assertThat(alert.path("kibana.alert.last_detected").asString()).isEqualTo("2026-04-10T12:05:00.000Z");
    }

    @Test
    void aThresholdSuppressionWindowAbsorbsALaterExecutionIntoTheFirstAlert(RunningElasticsearch es)
            throws Exception {
        // threshold/bulk_create_suppressed_threshold_alerts.ts: suppressed alerts count 0, so the update adds one
        JsonNode alert = secondExecution(es, "threshold suppression over a duration: first execution, one alert per"
                + " user over the threshold", "00000000-0000-4000-8000-0000000000bc");
        assertThat(alert.path("kibana.alert.suppression.docs_count").asLong()).isEqualTo(1);
        assertThat(alert.path("kibana.alert.suppression.end").asString()).isEqualTo("2026-04-10T12:04:00.000Z");
    }

    /** Runs the named case, then the rule again five minutes later; returns the rule's only alert in the index. */
    private static JsonNode secondExecution(RunningElasticsearch es, String caseName, String ruleId) throws Exception {
        RuleTestRun run = load();
        TestCase first = run.cases().stream().filter(c -> c.name().equals(caseName)).findFirst().orElseThrow();
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        CaseRunner runner = new CaseRunner(json, es.version());
        try {
            CaseResult result = runner.run(first, run.rules());
            assertThat(result.passed()).as("first execution: %s %s", result.error(), result.outcomes()).isTrue();
            Execution later = new Execution(first.executeAt().plusSeconds(300), CaseRunner.SPACE, json, es.version());
            new RuleEngine().run(run.rules().get(ruleId), later);
            JsonNode hits = json.send("POST", "/" + later.alertsIndex() + "/_search",
                    "{\"query\":{\"term\":{\"kibana.alert.rule.rule_id\":\"" + ruleId + "\"}}}").path("hits")
                    .path("hits");
            assertThat(hits.size()).as("alerts of the rule after two executions").isEqualTo(1);
            return hits.path(0).path("_source");
        } finally {
            runner.cleanUp();
        }
    }

    @Test
    void anUnknownDataViewFailsTheRunWithKibanasMessage(RunningElasticsearch es) {
        RuleTestRun run = load();
        Execution execution = new Execution(java.time.Instant.parse("2026-04-10T12:00:00Z"), CaseRunner.SPACE,
                new ElasticsearchJson(es.client()), es.version());

        RuleExecutionException e = catchThrowableOfType(RuleExecutionException.class, () -> new RuleEngine()
                .run(run.rules().get("00000000-0000-4000-8000-0000000000b6"), execution));

        // create_security_rule_type_wrapper.ts: `Data View not found ${exc}` over the saved-objects error
        assertThat(e).hasMessageStartingWith(
                "Data View not found Error: Saved object [index-pattern/missing-view] not found");
    }
}
