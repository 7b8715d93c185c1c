package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.dac.fields.IntegrationSchemaTableGenerator.Source;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IntegrationSchemaTableGeneratorTest {

    /** A made-up package in the shape of detection-rules' integration-schemas.json. */
    private static final JsonNode SCHEMAS = JsonMapper.builder().build().readTree("""
            {"sample": {
              "1.0.0": {"audit": {"sample.audit.old": "keyword"}},
              "1.2.3": {
                "audit": {"event.action": "keyword", "data_stream.dataset": "constant_keyword",
                          "sample.audit.verb": "keyword", "sample.audit.code": "long",
                          "sample.audit.extra.*": "object", "sample.audit.who": "alias"},
                "pod": {"sample.pod.cpu": "double"},
                "jobs": ["a-job"]}}}
            """);
    private static final Map<String, String> ECS = Map.of("event.action", "keyword",
            "data_stream.dataset", "keyword");
    private static final Source SOURCE = new Source("example/detection-rules", "etc/schemas.json.gz", "abc123");

    @Test
    void writesOneReleaseWithItsSourceAndLeavesEcsFieldsAndAliasesOut() throws Exception {
        String table = IntegrationSchemaTableGenerator.generate(SCHEMAS, "sample", "1.2.3", Set.of("pod"), ECS,
                SOURCE);

        assertThat(table).startsWith("# Integration package sample 1.2.3\n")
                .contains("# Source: example/detection-rules etc/schemas.json.gz at commit abc123, package sample"
                        + " 1.2.3:")
                .contains("# Licence: field names and types are facts")
                .contains("metrics for pod; the others logs");
        assertThat(table.lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "logs-sample.audit-*\tdata_stream.dataset\tconstant_keyword", // ECS types it keyword
                "logs-sample.audit-*\tsample.audit.verb\tkeyword",
                "logs-sample.audit-*\tsample.audit.code\tlong",
                "logs-sample.audit-*\tsample.audit.extra.*\tobject",
                "metrics-sample.pod-*\tsample.pod.cpu\tdouble");

        IntegrationFields.IntegrationPackage pkg = IntegrationFields.read("sample.tsv",
                new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)), Set.of("data_stream"));
        assertThat(pkg.version()).isEqualTo("1.2.3");
        assertThat(pkg.dataStreams()).extracting(IntegrationFields.DataStream::indexPattern,
                IntegrationFields.DataStream::dataset).containsExactly(tuple("logs-sample.audit-*", "sample.audit"),
                        tuple("metrics-sample.pod-*", "sample.pod"));
    }

    @Test
    void aVersionOrStreamTheSchemasLackIsRefused() {
        assertThatThrownBy(() -> IntegrationSchemaTableGenerator.generate(SCHEMAS, "sample", "9.9.9", Set.of(), ECS,
                SOURCE)).hasMessageContaining("no version 9.9.9 of package sample; they hold 1.0.0, 1.2.3");
        assertThatThrownBy(() -> IntegrationSchemaTableGenerator.generate(SCHEMAS, "sample", "1.2.3",
                Set.of("podd"), ECS, SOURCE)).hasMessageContaining("has no data stream podd");
    }
}
