package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.AlertBuilder;
import dev.dac.engine.AlertIds;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleRun;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts look like Kibana's on the real node: the engine cases of src/test/resources/dev/dac/engine pass, and what a
 * fixture cannot say (a field is absent, a value's JSON type, ES|QL asking for more rows) is checked here. The Kibana
 * file each expectation follows is named beside it.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class AlertContentsOnElasticsearchTest {

    private static final Path HARNESS_RULES = Path.of("src/test/resources/dev/dac/harness/rules");
    private static final Path RULES = Path.of("src/test/resources/dev/dac/engine/rules");
    private static final Path FIXTURES = Path.of("src/test/resources/dev/dac/engine/fixtures");

    private static RuleTestRun load() {
        RuleTestRun run = RuleTestRun.load(List.of(HARNESS_RULES, RULES), List.of(FIXTURES));
        assertThat(run.problems()).isEmpty();
        return run;
    }

    private static CaseResult result(TestReport report, String name) {
        return report.results().stream().filter(r -> r.testCase().name().equals(name)).findFirst().orElseThrow();
    }

    private static ObjectNode onlyAlert(CaseResult result, String ruleId) {
        List<ObjectNode> alerts = result.outcomes().stream().filter(o -> o.expectation().ruleId().equals(ruleId))
                .findFirst().orElseThrow().actual();
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    @Test
    void everyEngineCasePassesAndAlertsCarryWhatKibanaWrites(RunningElasticsearch es) throws Exception {
        RuleTestRun run = load();
        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });
        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();

        // traverse_and_mutate_doc.ts: process.pid = "abc" does not fit ECS's long, so it is not in the alert;
        // the rest of the source is
        ObjectNode stripped = onlyAlert(result(report,
                "a source value that does not fit the alerts mapping is removed and the alert is written"),
                "00000000-0000-4000-8000-0000000000a1");
        assertThat(stripped.has("process.pid")).isFalse();
        assertThat(stripped.get("process.name").asString()).isEqualTo("sshd");
        // wrap_hits.ts + utils.ts generateId: sha256(index + id + String(undefined) + space:rule uuid)
        JsonNode ancestor = stripped.get("kibana.alert.ancestors").get(0);
        String ruleUuid = AlertBuilder.ruleUuid("00000000-0000-4000-8000-0000000000a1", CaseRunner.SPACE);
        assertThat(stripped.get("kibana.alert.uuid").asString()).isEqualTo(sha256(ancestor.get("index").asString()
                + ancestor.get("id").asString() + "undefined" + "default:" + ruleUuid));
        // build_alert.ts: original_time is Date.toISOString(), with milliseconds
        assertThat(stripped.get("kibana.alert.original_time").asString()).endsWith(":58:00.000Z");

        // wrap_new_terms_alerts.ts: kibana.alert.new_terms holds the composite key's values with their types
        JsonNode terms = onlyAlert(result(report, "new terms keep the type of their values"),
                "00000000-0000-4000-8000-0000000000b5").get("kibana.alert.new_terms");
        assertThat(terms.get(0).isNumber()).as("source.as.number stays a number: %s", terms).isTrue();
        assertThat(terms.get(1).isBoolean()).as("mfa_used stays a boolean: %s", terms).isTrue();

        // build_alert.ts / traverse_and_mutate_doc.ts: the parent alert's kibana.* fields are not copied; the new
        // alert's are its own rule's, and its parent is the last of its ancestors
        ObjectNode child = onlyAlert(result(report,
                "alerts on alerts: depth 2, the parent alert among the ancestors, and never on the rule's own alerts"),
                "00000000-0000-4000-8000-0000000000b3");
        assertThat(child.get("kibana.alert.rule.parameters").get("rule_id").asString())
                .isEqualTo("00000000-0000-4000-8000-0000000000b3");
        assertThat(child.get("kibana.alert.rule.category").asString()).isEqualTo("Custom Query Rule");
        assertThat(child.has("kibana.alert.original_event.kind")).isTrue();
        assertThat(child.get("kibana.alert.original_event.kind").asString()).isEqualTo("signal");
        assertThat(child.get("kibana.alert.ancestors").get(1).get("type").asString()).isEqualTo("signal");
    }

    /**
     * esql/esql.ts: when the first max_signals + 1 rows are all alerts that already exist, Kibana asks again with
     * max_signals more rows and skips those it has handled, so a later document still raises its alert.
     */
    @Test
    void esqlAsksForMoreRowsWhenTheFirstOnesAreExistingAlerts(RunningElasticsearch es) throws Exception {
        RuleTestRun run = load();
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        CaseRunner runner = new CaseRunner(json, es.version());
        TestCase base = run.cases().stream().filter(c -> c.name().startsWith("alerts on alerts")).findFirst()
                .orElseThrow();
        var events = new java.util.ArrayList<TestCase.SourceEvent>();
        for (int minute = 5; minute >= 3; minute--) {
            ObjectNode event = ElasticsearchJson.mapper().createObjectNode();
            event.put("@timestamp", base.executeAt().minusSeconds(60L * minute).toString());
            event.put("event.action", "ConsoleLogin");
            event.put("source.ip", "192.0.2." + minute);
            events.add(new TestCase.SourceEvent("logs-aws.cloudtrail-default", event));
        }
        String ruleId = "00000000-0000-4000-8000-0000000000b4";
        TestCase setup = new TestCase(base.file(), "three console logins", base.executeAt(), List.of(ruleId), events,
                List.of(), List.of(new TestCase.Expectation(ruleId, 1, List.of())));
        try {
            CaseResult first = runner.run(setup, run.rules());
            assertThat(first.passed()).as("%s %s", first.error(), first.outcomes()).isTrue();
            // the oldest login's alert exists now; put the second one's alert there too, with Kibana's id for it
            JsonNode hits = json.search("logs-aws.cloudtrail-default", ElasticsearchJson.mapper().readTree(
                    "{\"sort\":[{\"@timestamp\":\"asc\"}],\"size\":3}")).path("hits").path("hits");
            AlertIds ids = new AlertIds(CaseRunner.SPACE, AlertBuilder.ruleUuid(ruleId, CaseRunner.SPACE));
            String second = ids.forEsqlDocument(hits.get(1).get("_id").asString(), "logs-aws.cloudtrail-default");
            json.send("PUT", "/.alerts-security.alerts-default/_doc/" + second + "?refresh=true",
                    "{\"kibana.alert.uuid\":\"" + second + "\",\"@timestamp\":\"" + base.executeAt() + "\"}");

            Execution later = new Execution(base.executeAt().plusSeconds(60), CaseRunner.SPACE, json, es.version());
            RuleRun again = new RuleEngine().run(run.rules().get(ruleId), later);

            String third = ids.forEsqlDocument(hits.get(2).get("_id").asString(), "logs-aws.cloudtrail-default");
            assertThat(again.alerts()).extracting(a -> a.get("kibana.alert.uuid").asString()).contains(third);
            assertThat(again.request()).as("a second, larger request").contains("limit 2").contains("limit 3");
        } finally {
            runner.cleanUp();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
