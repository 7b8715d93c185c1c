package dev.dac.harness;

import dev.dac.cluster.RunningElasticsearch;

import dev.dac.harness.junit.DacElasticsearch;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every fixture case of the project, run on the real Elasticsearch, passes; written as a user's Java rule test would be. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class FixtureCasesTest {

    @Test
    void everyFixtureCasePasses(RunningElasticsearch es, RuleTestRun run) throws Exception {
        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).hasSizeGreaterThanOrEqualTo(25);

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        String failures = report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + (r.error() != null ? r.error()
                        : r.outcomes().stream().flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))))
                .collect(Collectors.joining("\n"));
        assertThat(failures).isEmpty();
        assertThat(report.passed()).isEqualTo(run.cases().size());
    }

    @Test
    void indicesLeftByAnInterruptedRunAreReplacedButOthersAreNeverTouched(RunningElasticsearch es, RuleTestRun run)
            throws Exception {
        TestCase first = run.cases().stream().filter(c -> c.name().equals("a long-term key used from a new IP alerts"))
                .findFirst().orElseThrow();
        // an alerts index that dac did not create: the case must refuse to use it, and leave it alone
        es.client().indices().create(c -> c.index(".alerts-security.alerts-default"));
        try {
            TestReport refused = run.run(java.util.List.of(first), es, Duration.ZERO, r -> { });
            assertThat(refused.results().get(0).error()).contains("already exists and dac test did not create it");
            assertThat(es.client().indices().exists(e -> e.index(".alerts-security.alerts-default")).value()).isTrue();
        } finally {
            es.client().indices().delete(d -> d.index(".alerts-security.alerts-default"));
        }
        // one left by an earlier run carries dac's mark and is replaced
        es.client().indices().create(c -> c.index(".alerts-security.alerts-default")
                .mappings(m -> m.meta("dac_created_by", co.elastic.clients.json.JsonData.of("dac test"))));
        assertThat(run.run(java.util.List.of(first), es, Duration.ZERO, r -> { }).passed()).isEqualTo(1);
        assertThat(es.client().indices().exists(e -> e.index(".alerts-security.alerts-default")).value()).isFalse();
    }

    @Test
    void anIndexNoSourceKnowsIsCreatedWithDynamicMappingAndSaidSo(RunningElasticsearch es, RuleTestRun run)
            throws Exception {
        TestCase first = run.cases().get(0);
        var document = dev.dac.engine.ElasticsearchJson.mapper().createObjectNode().put("message", "x");
        java.util.List<TestCase.SourceEvent> events = new java.util.ArrayList<>(first.events());
        events.add(new TestCase.SourceEvent("my-app-default", document));
        TestCase withStray = new TestCase(first.file(), first.name(), first.executeAt(), first.ruleIds(), events,
                first.existingAlerts(), first.expectations());

        TestReport report = run.run(java.util.List.of(withStray), es, Duration.ZERO, r -> { });

        assertThat(report.notes()).singleElement().satisfies(n -> assertThat(n).startsWith("index my-app-default:")
                .contains("dynamic mapping"));
        assertThat(report.notes()).noneMatch(n -> n.contains("logs-"));
    }

    private static TestCase withExpectations(TestCase c, java.util.List<TestCase.Expectation> expectations) {
        return new TestCase(c.file(), c.name(), c.executeAt(), c.ruleIds(), c.events(), c.existingAlerts(),
                expectations, c.timeline());
    }

    private static TestCase named(RuleTestRun run, String prefix) {
        return run.cases().stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void aTimelineFailsOnAnUnexpectedGapWrongDuplicatesOrAMissingExecution(RunningElasticsearch es,
            RuleTestRun run) throws Exception {
        TestCase gap = named(run, "a run an hour after the last one reports the gap");
        TestCase unnamedGap = withExpectations(gap, gap.expectations().stream().map(e -> new TestCase.Expectation(
                e.ruleId(), e.count(), e.alerts(), e.at(), e.duplicates(), null)).toList());
        TestCase overlap = named(run, "overlapping windows");
        TestCase noDuplicates = withExpectations(overlap, overlap.expectations().stream().map(e ->
                new TestCase.Expectation(e.ruleId(), e.count(), e.alerts(), e.at(), e.duplicates() == null ? null : 0,
                        e.gap())).toList());
        TestCase.Expectation total = overlap.expectations().get(0);
        TestCase offSchedule = withExpectations(overlap, java.util.List.of(total, new TestCase.Expectation(
                total.ruleId(), 0, java.util.List.of(), overlap.executeAt().minusSeconds(60), null, null)));

        TestReport report = run.run(java.util.List.of(unnamedGap, noDuplicates, offSchedule), es, Duration.ZERO,
                r -> { });

        java.util.function.Function<Integer, String> differences = i -> String.join("; ", report.results().get(i)
                .outcomes().stream().flatMap(o -> o.differences().stream()).toList());
        assertThat(report.passed()).isZero();
        assertThat(differences.apply(0)).contains("reported a gap at its execution at 2026-04-10T12:00:00Z that the"
                + " case does not expect: \"34 minutes (2040000ms) were not queried");
        assertThat(differences.apply(1)).contains("expected 0 duplicate alerts of rule").contains("got 1");
        assertThat(differences.apply(2)).contains("has no execution at 2026-04-10T11:59:00Z; it runs at"
                + " 2026-04-10T11:30:00Z, 2026-04-10T11:35:00Z");
    }

    /**
     * Late arrival on a rule that searches @timestamp: the event happened at now-330s, inside the window of the run at
     * now-5m, but arrived at now-290s, after it; only the next run, whose window still covers its @timestamp, sees it.
     */
    @Test
    void anEventIsSeenOnlyByExecutionsAfterItArrives(RunningElasticsearch es, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        String rule = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/resources/dev/dac/harness/rules/query_root_console_login.toml"))
                .replace("timestamp_override = \"event.ingested\"\n", "");
        java.nio.file.Path rules = java.nio.file.Files.createDirectories(dir.resolve("rules"));
        java.nio.file.Files.writeString(rules.resolve("query_on_timestamp.toml"), rule);
        java.nio.file.Path fixtures = java.nio.file.Files.createDirectories(dir.resolve("fixtures"));
        java.nio.file.Files.writeString(fixtures.resolve("late.toml"), """
                [fixture]
                rule = "00000000-0000-4000-8000-0000000000a1"
                [[case]]
                name = "late on @timestamp"
                [[case.execution]]
                at = "now-5m"
                [[case.execution]]
                at = "now"
                [[case.event]]
                at = "now-330s"
                ingested = "now-290s"
                "event.action" = "ConsoleLogin"
                "event.outcome" = "success"
                "aws.cloudtrail.user_identity.type" = "Root"
                [[case.expect]]
                count = 1
                [[case.expect]]
                at = "now-5m"
                count = 0
                [[case.expect]]
                at = "now"
                count = 1
                """);
        RuleTestRun late = RuleTestRun.load(java.util.List.of(rules), java.util.List.of(fixtures));
        assertThat(late.problems()).isEmpty();

        TestReport report = late.run(late.cases(), es, Duration.ZERO, r -> { });

        assertThat(report.results().get(0).outcomes().stream().flatMap(o -> o.differences().stream()).toList())
                .isEmpty();
        assertThat(report.passed()).isEqualTo(1);
    }
}
