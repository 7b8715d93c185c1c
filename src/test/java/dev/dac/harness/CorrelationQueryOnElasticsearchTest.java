package dev.dac.harness;

import dev.dac.cluster.RunningElasticsearch;

import dev.dac.harness.junit.DacElasticsearch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.engine.EsqlExecutor;
import dev.dac.engine.EsqlQueryException;
import dev.dac.engine.EsqlResult;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.TypeFields;
import dev.dac.validate.RuleTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The shipped correlation rule's full ES|QL query on a real Elasticsearch, over hand-built alerts. Each of its
 * clauses (KQL(), LIKE, VALUES, CASE, METADATA, the status and severity filters) has a case that flips the result.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class CorrelationQueryOnElasticsearchTest {

    static final String NEW_IP_RULE_ID = "9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f";
    static final String NEW_IP_RULE_NAME = "AWS IAM Long-Term Access Key First Seen from Source IP";
    static final String IP = "203.0.113.7";

    private final RunningElasticsearch es;
    private final AlertsIndex alerts;
    private final EsqlExecutor esql;
    private final String query;

    CorrelationQueryOnElasticsearchTest(RunningElasticsearch es) throws Exception {
        this.es = es;
        this.alerts = new AlertsIndex(es.client());
        this.esql = new EsqlExecutor(es.client());
        var rule = new RuleModelReader().read(new RuleFileParser().parse(RuleTexts.CORRELATION_RULE));
        this.query = ((TypeFields.EsqlFields) rule.rule().typeFields()).query();
    }

    @BeforeEach
    void emptyAlertsIndex() throws Exception {
        alerts.recreate("alerts-mapping.json");
    }

    @org.junit.jupiter.api.AfterEach
    void removeAlertsIndex() throws Exception {
        es.client().indices().delete(d -> d.index(AlertsIndex.NAME).ignoreUnavailable(true));
    }

    private static Map<String, Object> newIpAlert() {
        return AlertsIndex.alert("new-ip", NEW_IP_RULE_ID, NEW_IP_RULE_NAME, "medium", 47, IP, "user-1",
                "2026-11-20T10:00:00Z");
    }

    private static Map<String, Object> elevatedAlert() {
        Map<String, Object> alert = AlertsIndex.alert("elevated", "6f0c2a7e-0000-4000-8000-000000000001",
                "AWS IAM User Created Access Keys For Another User", "high", 73, IP, "user-2", "2026-11-20T09:00:00Z");
        alert.put("kibana.alert.rule.type", "eql");
        alert.put("kibana.alert.rule.tags", List.of("Tactic: Persistence"));
        return alert;
    }

    /** The two correlating alerts, with {@code change} applied to the elevated one. */
    private EsqlResult runWithElevated(Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> elevated = elevatedAlert();
        change.accept(elevated);
        alerts.add(List.of(newIpAlert(), elevated));
        return esql.run(query);
    }

    @Test
    void newIpAlertAndElevatedAlertOnTheSameIpCorrelate() throws Exception {
        EsqlResult result = runWithElevated(a -> { });

        assertThat(result.columnNames()).containsExactly("source.ip", "Esql.alert_count_long_term_key_new_ip_rule",
                "Esql.alert_count_other_elevated_rule", "Esql.kibana_alert_rule_name_values",
                "Esql.kibana_alert_rule_id_values", "Esql.kibana_alert_risk_score_values",
                "Esql.kibana_alert_severity_values", "Esql.user_entity_id_values", "Esql.timestamp_min",
                "Esql.timestamp_max");
        assertThat(result.rows()).singleElement().satisfies(row -> {
            assertThat(row.get("source.ip").asString()).isEqualTo(IP);
            assertThat(row.get("Esql.alert_count_long_term_key_new_ip_rule").asInt()).isEqualTo(1);
            assertThat(row.get("Esql.alert_count_other_elevated_rule").asInt()).isEqualTo(1);
            assertThat(strings(row.get("Esql.kibana_alert_rule_name_values"))).containsExactlyInAnyOrder(
                    NEW_IP_RULE_NAME, "AWS IAM User Created Access Keys For Another User");
            assertThat(strings(row.get("Esql.kibana_alert_severity_values"))).containsExactlyInAnyOrder("medium", "high");
            assertThat(strings(row.get("Esql.user_entity_id_values"))).containsExactlyInAnyOrder("user-1", "user-2");
            assertThat(row.get("Esql.timestamp_min").asString()).isEqualTo("2026-11-20T09:00:00.000Z");
            assertThat(row.get("Esql.timestamp_max").asString()).isEqualTo("2026-11-20T10:00:00.000Z");
        });
    }

    @Test
    void kqlExcludesHigherOrderRuleAlerts() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.tags",
                List.of("Domain: Cloud", "Rule Type: Higher-Order Rule"))).rows()).isEmpty();
    }

    @Test
    void kqlMatchesTheWholeTagNotAPrefix() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.tags", List.of("Rule Type: Higher-Order Rules Draft")))
                .rows()).hasSize(1);
    }

    @Test
    void likeExcludesDeprecatedRules() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.name", "Deprecated - Old Key Rule")).rows()).isEmpty();
    }

    @Test
    void likeIsAnchoredAtTheStartOfTheName() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.name", "Not Deprecated - Key Rule")).rows()).hasSize(1);
    }

    @Test
    void valuesNeedsUserEntityIdInTheAlertsMapping() throws Exception {
        alerts.recreate("alerts-mapping-without-entity.json");
        alerts.add(List.of(newIpAlert(), elevatedAlert()));

        EsqlQueryException e = catchThrowableOfType(EsqlQueryException.class, () -> esql.run(query));

        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Unknown column [user.entity.id]");
    }

    @Test
    void valuesCollectsEveryDistinctValueOfTheGroup() throws Exception {
        Map<String, Object> second = elevatedAlert();
        second.put("_test_id", "elevated-2");
        second.put("user.entity.id", "user-3");
        second.put("kibana.alert.severity", "critical");
        alerts.add(List.of(newIpAlert(), elevatedAlert(), second));

        Map<String, JsonNode> row = esql.run(query).rows().get(0);

        assertThat(strings(row.get("Esql.user_entity_id_values"))).containsExactlyInAnyOrder("user-1", "user-2", "user-3");
        assertThat(row.get("Esql.alert_count_other_elevated_rule").asInt()).isEqualTo(2);
    }

    @Test
    void caseCountsOnlyTheNewIpRuleOnItsOwnSide() throws Exception {
        Map<String, Object> secondNewIp = newIpAlert();
        secondNewIp.put("_test_id", "new-ip-2");
        alerts.add(List.of(newIpAlert(), secondNewIp));

        // two first-seen alerts and no other elevated one: the CASE sums give 2 and 0, so no correlation
        assertThat(esql.run(query).rows()).isEmpty();
    }

    @Test
    void metadataMakesTheDocumentIdentityAvailable() throws Exception {
        alerts.add(List.of(newIpAlert()));
        String withMetadata = "from .alerts-security.* METADATA _id, _version, _index | keep _id, _index, _version";

        EsqlResult result = esql.run(withMetadata);
        assertThat(result.rows()).singleElement().satisfies(row -> {
            assertThat(row.get("_id").asString()).isEqualTo("new-ip");
            assertThat(row.get("_index").asString()).isEqualTo(AlertsIndex.NAME);
            assertThat(row.get("_version").asLong()).isEqualTo(1L);
        });
        EsqlQueryException e = catchThrowableOfType(EsqlQueryException.class,
                () -> esql.run("from .alerts-security.* | keep _id, _index, _version"));
        assertThat(e.getMessage()).contains("Unknown column [_id]");
    }

    @Test
    void closedAndAcknowledgedAlertsDoNotCorrelate() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.workflow_status", "closed")).rows()).isEmpty();
        alerts.recreate("alerts-mapping.json");
        assertThat(runWithElevated(a -> a.put("kibana.alert.workflow_status", "acknowledged")).rows()).isEmpty();
    }

    @Test
    void lowSeverityUnder47DoesNotCorrelateButEitherSignalOfElevationDoes() throws Exception {
        assertThat(runWithElevated(a -> {
            a.put("kibana.alert.severity", "low");
            a.put("kibana.alert.risk_score", 21);
        }).rows()).isEmpty();
        alerts.recreate("alerts-mapping.json");
        assertThat(runWithElevated(a -> {
            a.put("kibana.alert.severity", "low");
            a.put("kibana.alert.risk_score", 47);
        }).rows()).as("risk score 47 counts").hasSize(1);
        alerts.recreate("alerts-mapping.json");
        assertThat(runWithElevated(a -> {
            a.put("kibana.alert.severity", "medium");
            a.put("kibana.alert.risk_score", 10);
        }).rows()).as("medium severity counts").hasSize(1);
    }

    @Test
    void threatMatchAndMachineLearningAlertsAreIgnored() throws Exception {
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.type", "threat_match")).rows()).isEmpty();
        alerts.recreate("alerts-mapping.json");
        assertThat(runWithElevated(a -> a.put("kibana.alert.rule.type", "machine_learning")).rows()).isEmpty();
    }

    @Test
    void alertsOnAnotherIpDoNotCorrelate() throws Exception {
        assertThat(runWithElevated(a -> a.put("source.ip", "198.51.100.9")).rows()).isEmpty();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asString()));
        } else if (!node.isNull()) {
            values.add(node.asString());
        }
        return values;
    }
}
