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

    @Test
    void integrationTablesServeTheirPackagesPatterns() {
        assertThat(catalog.forPatterns(List.of("logs-endpoint.events.process-*")).patterns())
                .containsEntry("logs-endpoint.events.process-*", FieldCatalog.Knowledge.INTEGRATION_COMPLETE);
        assertThat(catalog.forPatterns(List.of("logs-endpoint.events.process-*")).exact()).isTrue();
        FieldCatalog.Coverage aws = catalog.forPatterns(List.of("logs-aws.*"));
        assertThat(aws.patterns()).containsEntry("logs-aws.*", FieldCatalog.Knowledge.INTEGRATION);
        assertThat(aws.exact()).isFalse();
        assertThat(aws.fields().field("aws.cloudtrail.user_identity.access_key_id")).isPresent();
        assertThat(catalog.forPatterns(List.of("logs-okta*")).patterns())
                .containsEntry("logs-okta*", FieldCatalog.Knowledge.INTEGRATION);
        // logs-* also names indices of packages dac keeps no table of
        assertThat(catalog.forPatterns(List.of("logs-*")).patterns()).containsEntry("logs-*", FieldCatalog.Knowledge.ECS);
    }

    @Test
    void missingFieldsAreJudgedByHowExactTheSourcesAre() {
        FieldCatalog.Coverage endpoint = catalog.forPatterns(List.of("logs-endpoint.events.process-*"));
        assertThat(endpoint.missing("process.name")).isEmpty();
        assertThat(endpoint.missing("process.nmae")).get().satisfies(m -> {
            assertThat(m.certainty()).isEqualTo(FieldCatalog.Certainty.ABSENT);
            assertThat(m.message()).contains("did you mean 'process.name'?");
        });
        assertThat(catalog.forPatterns(List.of("logs-aws.*")).missing("aws.cloudtrail.nope")).get()
                .extracting(FieldCatalog.MissingField::certainty).isEqualTo(FieldCatalog.Certainty.UNCONFIRMED);
        // an Endgame field under an object ECS does not define is not taken for a typo
        assertThat(catalog.forPatterns(List.of("endgame-*")).missing("process.Ext.token.integrity_level_name")).get()
                .extracting(FieldCatalog.MissingField::certainty).isEqualTo(FieldCatalog.Certainty.UNCONFIRMED);
        assertThat(catalog.forPatterns(List.of("logs-windows.*")).missing("winlog.event_data.AnyKey")).isEmpty();
        assertThat(catalog.forPatterns(List.of("my-app-*")).missing("anything")).isEmpty();
    }

    @Test
    void theHarnessMappingHasTheTablesTypesInTypesTheNodeHas() {
        var mapping = catalog.mappingFor("logs-endpoint.events.process-default",
                t -> t.equals("match_only_text") ? "text" : t).orElseThrow();
        FieldMap fields = FieldMap.fromMapping(mapping);
        assertThat(fields.field("host.ip").orElseThrow().esType()).isEqualTo("ip");
        assertThat(fields.field("process.name").orElseThrow().esType()).isEqualTo("keyword");
        assertThat(fields.field("process.name.caseless")).isPresent();
        assertThat(fields.fields().values()).noneMatch(f -> f.esType().equals("match_only_text"));
        assertThat(catalog.mappingFor("my-app-default", t -> t)).isEmpty();
    }
}
