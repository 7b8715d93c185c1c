package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldCatalogTest {

    private final FieldCatalog catalog = FieldCatalog.builtIn();

    @Test
    void aTemplateServesItsIndicesExactlyAndEcsFillsTheRest() {
        FieldCatalog.Coverage cloudtrail = catalog.forPatterns(List.of("logs-aws.cloudtrail-*"));
        assertThat(cloudtrail.patterns()).containsEntry("logs-aws.cloudtrail-*", FieldCatalog.Knowledge.TEMPLATE);
        assertThat(cloudtrail.exact()).isTrue();
        assertThat(cloudtrail.fields().field("aws.cloudtrail.user_identity.access_key_id")).isPresent();
        assertThat(cloudtrail.fields().field("process.executable")).as("ECS field on a logs-* index").isPresent();
    }

    @Test
    void templateTypesWinOverEcs() {
        // the CloudTrail template maps message as text for the local node, where ECS says match_only_text
        FieldCatalog.Coverage cloudtrail = catalog.forPatterns(List.of("logs-aws.cloudtrail-*"));
        assertThat(cloudtrail.fields().field("message").orElseThrow().esType()).isEqualTo("text");
        assertThat(catalog.forPatterns(List.of("logs-other-*")).fields().field("message").orElseThrow().esType())
                .isEqualTo("match_only_text");
    }

    @Test
    void ecsPatternsAreKnownButNotExact() {
        for (String pattern : List.of("logs-endpoint.events.process-*", "logs-*", "winlogbeat-*", "winlogbeat*",
                "filebeat-*", ".alerts-security.*", "endgame-*")) {
            FieldCatalog.Coverage coverage = catalog.forPatterns(List.of(pattern));
            assertThat(coverage.followsEcs()).as(pattern).isTrue();
            assertThat(coverage.fields().field("process.name")).as(pattern).isPresent();
        }
        assertThat(catalog.forPatterns(List.of("logs-*")).exact()).isFalse();
    }

    @Test
    void unknownIndicesAreNamed() {
        FieldCatalog.Coverage coverage = catalog.forPatterns(List.of("my-app-*", "-logs-excluded*", "logs-*"));
        assertThat(coverage.unknownPatterns()).containsExactly("my-app-*");
        assertThat(coverage.exact()).isFalse();
        assertThat(catalog.forPatterns(List.of("my-app-*")).followsEcs()).isFalse();
        assertThat(catalog.forPatterns(List.of("logsfoo")).followsEcs()).isFalse();
    }

    @Test
    void ecsFieldSetsTellAMisspeltEcsFieldFromAnIntegrationField() {
        assertThat(catalog.isEcs("process.name")).isTrue();
        assertThat(catalog.isEcs("process.nmae")).isFalse();
        assertThat(catalog.inEcsFieldSet("process.nmae")).isTrue();
        assertThat(catalog.inEcsFieldSet("winlog.event_data.TargetUserName")).isFalse();
        assertThat(catalog.inEcsFieldSet("@timestamp")).isTrue();
        assertThat(catalog.ecsVersion()).isEqualTo("9.4.0");
    }
}
