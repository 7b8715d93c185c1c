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
                "query suppression per execution: one alert per user, a missing user is a group too",
                // suppression over a duration: the second execution of each updates the first one's alert
                "query suppression over a duration: one alert for the user's three logins, absorbing the fourth at"
                        + " the next execution",
                "threshold suppression over a duration: one alert per user over the threshold, updated at the next"
                        + " execution");
        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();
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
