package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Alert ids follow Kibana's recipes. The expected values were computed with the npm packages Kibana uses (object-hash
 * 3, uuid 9, node's crypto) on the inputs the Kibana files named below hash.
 */
class AlertIdsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final AlertIds ids = new AlertIds("default", "0b7ac5e9-1b2c-3d4e-8f00-112233445566");

    @Test
    void anEventAlertIsTheSha256OfIndexIdVersionAndSpaceRule() {
        // rule_types/factories/wrap_hits.ts + utils/utils.ts generateId; Kibana's search asks no _version
        assertThat(ids.forEvent("logs-x", "doc-1", null))
                .isEqualTo("3f4f7ac22f54301fa9bc3a90e283be36cb0924138dc6fe0db8588cc8e17e5139");
    }

    @Test
    void aNewTermsAlertHashesTheTermsWithTheirTypes() {
        // rule_types/new_terms/wrap_new_terms_alerts.ts: objectHash([_index, _id, String(_version), space:rule, terms])
        assertThat(ids.forNewTerms("logs-x", "doc-1", List.of(JSON.stringNode("AKIA"), JSON.numberNode(443),
                JSON.booleanNode(true), JSON.nullNode(), JSON.numberNode(1.5))))
                .isEqualTo("e909782bdbc2c6345473cb1ad29c2e0b7cbaa08e");
    }

    @Test
    void esqlAlertsHashTheDocumentOrTheWindowQueryAndRow() {
        // rule_types/esql/utils/generate_alert_id.ts
        assertThat(ids.forEsqlDocument("doc-1", "logs-x")).isEqualTo("9dabbdc95ccb09afb3959ddf86650a59823f9376");
        TimeRange window = new TimeRange(Instant.parse("2026-04-10T11:54:00Z"), Instant.parse("2026-04-10T12:00:00Z"),
                null);
        assertThat(ids.forEsqlRow(window, "FROM logs-* | STATS c = COUNT(*) BY host.name", 2))
                .isEqualTo("de13c9e49d53c02a19df6cc38ba07db20b5a1c0d");
    }

    @Test
    void aThresholdBucketIsAUuidV5OfRuleStartFieldsAndSortedValues() {
        // rule_types/threshold/utils.ts calculateThresholdSignalUuid, bulk_create_threshold_signals.ts
        assertThat(AlertIds.thresholdBucketId("rule-1", Instant.parse("2026-04-10T12:00:00Z"),
                List.of("user.name", "source.ip"), List.of("alice", "10.0.0.1")))
                .isEqualTo("8e889090-297f-5aa6-b13b-9196da272fd5");
    }

    @Test
    void aSuppressedQueryAlertHashesTheEventTermsAndGroupTimesAsDates() {
        // query/alert_suppression/wrap_suppressed_alerts.ts: objectHash([_index, _id, String(_version), space:rule,
        // terms, start, end]); plain objects and Dates hash with object-hash's prototype and circular references
        tools.jackson.databind.node.ArrayNode terms = JSON.arrayNode();
        terms.addObject().put("field", "host.name").put("value", "a");
        terms.addObject().put("field", "user.name").putNull("value");
        assertThat(ids.forSuppressedGroup("logs-x", "doc-1", terms, Instant.parse("2026-04-10T11:54:00Z"),
                Instant.parse("2026-04-10T12:00:00.123Z"))).isEqualTo("e6d76a560d7141fc9f69544cfdf72c4c6d5c8777");
    }

    @Test
    void suppressedAlertsOfAGroupShareAnInstanceIdHashedFromTermsRuleAndSpace() {
        // createSuppressedAlertInstanceId: objectHash([terms, rule uuid, space]); keys hash sorted, whatever their order
        tools.jackson.databind.node.ArrayNode terms = JSON.arrayNode();
        terms.addObject().put("field", "source.ip").putArray("value").add("a").add("b");
        terms.addObject().put("field", "user.name").put("value", 7);
        assertThat(AlertIds.suppressedInstance(terms, "0b7ac5e9-1b2c-3d4e-8f00-112233445566", "default"))
                .isEqualTo("82ea0c47d546aa99b120e8b2919ba8e3bd0165e9");
        // wrap_suppressed_threshold_alerts.ts: objectHash([sortBy(bucket values), rule uuid, space])
        assertThat(AlertIds.suppressedThresholdInstance(List.of(JSON.stringNode("alice"), JSON.stringNode("10.0.0.1")),
                "0b7ac5e9-1b2c-3d4e-8f00-112233445566", "default"))
                .isEqualTo("83ca29bcd14e54ffd9ab01eb342bce6fd379e8fb");
        assertThat(AlertIds.suppressedThresholdInstance(List.of(JSON.numberNode(443), JSON.numberNode(80)), "r",
                "default")).isEqualTo("4fe25dffa06ed46aab5e451c30a596eac8603770");
    }

    @Test
    void stringsAreMeasuredInUtf16UnitsAndHashedAsUtf8() {
        assertThat(ObjectHash.sha1(List.of("é😀"))).isEqualTo("1653459a268c3e4af83b1ec66eaf24bca1e483c7");
    }
}
