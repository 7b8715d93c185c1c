package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Kibana's threshold signal history (threshold/build_signal_history.ts, get_threshold_bucket_filters.ts, utils.ts). */
class ThresholdSignalHistoryTest {

    private static final Instant FROM = Instant.parse("2026-04-10T11:54:00Z");

    private static JsonNode alert(String originalTime, String... fieldsAndValues) {
        ObjectNode alert = ElasticsearchJson.mapper().createObjectNode();
        alert.put("kibana.alert.original_time", originalTime);
        var terms = alert.putObject("kibana.alert.threshold_result").putArray("terms");
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            terms.addObject().put("field", fieldsAndValues[i]).put("value", fieldsAndValues[i + 1]);
        }
        return alert;
    }

    @Test
    void aGroupKeepsTheLatestSignalAfterTheWindowStartAndOlderGroupsAreDropped() {
        ThresholdSignalHistory history = ThresholdSignalHistory.of(List.of(
                alert("2026-04-10T11:55:00.000Z", "user.name", "alice"),
                alert("2026-04-10T11:57:30.000Z", "user.name", "alice"),
                alert("2026-04-10T11:50:00.000Z", "user.name", "bob")), FROM);

        ObjectNode filter = history.exclusion(new TimeRange(FROM, FROM.plusSeconds(360), null)).orElseThrow();

        JsonNode groups = filter.path("bool").path("must_not");
        assertThat(groups).hasSize(1);
        JsonNode clauses = groups.get(0).path("bool").path("filter");
        assertThat(clauses.get(0).path("range").path("@timestamp").path("lte").asString())
                .isEqualTo("2026-04-10T11:57:30Z");
        assertThat(clauses.get(0).path("range").path("@timestamp").has("gte")).isFalse();
        assertThat(clauses.get(1).path("term").path("user.name").asString()).isEqualTo("alice");
    }

    @Test
    void withATimestampOverrideTheLastSignalBoundsTheOverrideOrTheTimestampWhereItIsMissing() {
        ThresholdSignalHistory history = ThresholdSignalHistory.of(List.of(
                alert("2026-04-10T11:57:30.000Z", "user.name", "alice")), FROM);

        ObjectNode filter = history.exclusion(new TimeRange(FROM, FROM.plusSeconds(360), "event.ingested"))
                .orElseThrow();

        JsonNode time = filter.path("bool").path("must_not").get(0).path("bool").path("filter").get(0);
        assertThat(time.path("bool").path("should").get(0).path("range").path("event.ingested").path("lte").asString())
                .isEqualTo("2026-04-10T11:57:30Z");
        assertThat(time.path("bool").path("should").get(1).toString()).contains("@timestamp").contains("must_not");
    }

    @Test
    void termsHashAsKibanaSortsThemByField() {
        // getThresholdTermsHash: sha256 of "field:value" sorted by field, joined by commas (checked with node's crypto)
        JsonNode terms = alert("2026-04-10T11:57:30.000Z", "user.name", "alice", "source.ip", "10.0.0.1")
                .path("kibana.alert.threshold_result").path("terms");
        assertThat(ThresholdSignalHistory.hash(terms))
                .isEqualTo("1c0176e17f6b00eced37ddf7fd7d4540e1185331f3123adbef56f8f83e2c4521");
    }

    @Test
    void noAlertAfterTheWindowStartMeansNoFilter() {
        assertThat(ThresholdSignalHistory.of(List.of(alert("2026-04-10T11:54:00.000Z", "user.name", "alice")), FROM)
                .exclusion(new TimeRange(FROM, FROM.plusSeconds(360), null))).isEmpty();
    }
}
