package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EcsFieldsTest {

    /** The ECS reference the project keeps beside its repository (shared/reference, also beside CI's clone). */
    private static final Path ECS_FLAT = Path.of("..", "shared", "reference", "ecs-flat.yml");

    @Test
    void theKeptTableIsWhatTheGeneratorMakesFromTheEcsReference() throws Exception {
        assertThat(ECS_FLAT).as("ECS reference beside the repository").exists();
        String generated = EcsTableGenerator.generate(ECS_FLAT, "9.4.0");
        try (InputStream kept = EcsFields.class.getResourceAsStream("ecs-fields.tsv")) {
            assertThat(new String(kept.readAllBytes(), StandardCharsets.UTF_8))
                    .as("regenerate with make ecs-table").isEqualTo(generated);
        }
    }

    @Test
    void fieldsTypesAndMultiFieldsOfEcs() {
        EcsFields ecs = EcsFields.load();
        assertThat(ecs.version()).isEqualTo("9.4.0");
        assertThat(ecs.types()).containsEntry("@timestamp", "date").containsEntry("source.ip", "ip")
                .containsEntry("process.pid", "long").containsEntry("process.command_line", "wildcard")
                .containsEntry("process.command_line.text", "match_only_text")
                .containsEntry("user.name.text", "match_only_text").containsEntry("dns.answers", "object")
                .doesNotContainKey("process.nmae");
    }

    @Test
    void asAFieldMapItKnowsLeavesMultiFieldsAndNestedPaths() {
        FieldMap map = FieldMap.fromMapping(EcsFields.load().mapping());
        assertThat(map.field("process.name")).hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo("keyword"));
        assertThat(map.field("user.name.text"))
                .hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo("match_only_text"));
        assertThat(map.field("process.command_line.text"))
                .hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo("match_only_text"));
        assertThat(map.field("source.ip")).hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo("ip"));
        assertThat(map.field("process.nmae")).isEmpty();
        assertThat(map.isInsideFlattened("container.labels.app")).isFalse();
        assertThat(map.field("dns.answers.name")).hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo("keyword"));
        assertThat(map.size()).as("every ECS leaf is a field").isGreaterThan(2000);
    }

    @Test
    void aTableWithoutItsVersionIsRefused() {
        var in = new java.io.ByteArrayInputStream("source.ip\tip\n".getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EcsFields.read(in))
                .hasMessageContaining("does not say which ECS version");
    }

    @Test
    void theTableNamesItsSourceAndLicence() throws Exception {
        try (InputStream kept = EcsFields.class.getResourceAsStream("ecs-fields.tsv")) {
            String head = new String(kept.readNBytes(400), StandardCharsets.UTF_8);
            assertThat(head).contains("elastic/ecs v9.4.0").contains("Apache License 2.0");
        }
        assertThat(Files.exists(ECS_FLAT)).isTrue();
    }
}
