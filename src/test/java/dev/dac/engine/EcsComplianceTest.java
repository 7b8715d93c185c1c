package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Values that do not fit ECS are removed as rule_types/factories/utils/traverse_and_mutate_doc.ts removes them. */
class EcsComplianceTest {

    private static JsonNode json(String text) {
        return ElasticsearchJson.mapper().readTree(text);
    }

    @Test
    void valuesOfTheWrongTypeAreRemovedAndTheRestKept() {
        EcsCompliance.Stripped stripped = EcsCompliance.strip(json("""
                {"process": {"pid": "abc", "name": "sh", "parent": {"pid": "12"}}, "source.ip": "not-an-ip",
                 "destination": {"ip": ["10.0.0.1", "nope"]}, "event": {"ingested": true, "action": "x"},
                 "user": {"name": {"first": "a"}}, "host": "h1", "custom": {"pid": "abc"}}"""));

        assertThat(stripped.removed()).containsExactlyInAnyOrder("process.pid", "source.ip", "destination.ip",
                "event.ingested", "user.name", "host");
        assertThat(stripped.document()).isEqualTo(json("""
                {"process": {"name": "sh", "parent": {"pid": "12"}}, "destination": {"ip": ["10.0.0.1"]},
                 "event": {"action": "x"}, "custom": {"pid": "abc"}}"""));
    }

    @Test
    void kibanaSignalAndThresholdResultAreNeverCopiedFromTheParent() {
        EcsCompliance.Stripped stripped = EcsCompliance.strip(json("""
                {"kibana": {"alert": {"uuid": "a"}}, "kibana.alert.rule.name": "R", "signal": {"x": 1},
                 "threshold_result": {}, "message": "m"}"""));
        assertThat(stripped.document()).isEqualTo(json("{\"message\": \"m\"}"));
    }

    @Test
    void aPathUnderAnEcsLeafAndLongsWithSpacesAreNotCompliant() {
        // validateDottedPathInEcsMappings; is_valid_long_type.ts refuses strings with spaces, numeric ones pass
        EcsCompliance.Stripped stripped = EcsCompliance.strip(json("""
                {"agent.name.conflict": "x", "process.pid": "1 2", "process.parent.pid": 7,
                 "process.thread.id": "0x1f", "event.created": "2026-04-10T11:58:00Z"}"""));
        assertThat(stripped.removed()).containsExactlyInAnyOrder("agent.name.conflict", "process.pid");
    }
}
