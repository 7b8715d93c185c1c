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
    void stringsAreMeasuredInUtf16UnitsAndHashedAsUtf8() {
        assertThat(ObjectHash.sha1(List.of("é😀"))).isEqualTo("1653459a268c3e4af83b1ec66eaf24bca1e483c7");
    }
}
