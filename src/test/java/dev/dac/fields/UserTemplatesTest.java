package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rules repository's own templates in index-templates/ feed the catalog, before dac's. */
class UserTemplatesTest {

    @TempDir
    Path repo;

    @Test
    void aTemplateInIndexTemplatesMakesItsPatternExactlyKnown() throws Exception {
        Files.createDirectories(repo.resolve("index-templates"));
        Files.writeString(repo.resolve("index-templates/my-app.json"), """
                {"index_patterns": ["my-app-*"],
                 "template": {"mappings": {"properties": {"app": {"properties": {"user": {"type": "keyword"}}}}}}}
                """);
        FieldCatalog catalog = FieldCatalog.forRepository(repo);

        FieldCatalog.Coverage coverage = catalog.forPatterns(List.of("my-app-*"));
        assertThat(coverage.patterns()).containsEntry("my-app-*", FieldCatalog.Knowledge.TEMPLATE);
        assertThat(coverage.fields().field("app.user")).isPresent();
        // dac's own templates still serve the patterns the user has none for
        assertThat(catalog.forPatterns(List.of("logs-aws.cloudtrail-*")).exact()).isTrue();
    }

    @Test
    void withoutTheFolderOnlyDacsTemplatesAreUsed() {
        FieldCatalog catalog = FieldCatalog.forRepository(repo);
        assertThat(catalog.forPatterns(List.of("my-app-*")).patterns())
                .containsEntry("my-app-*", FieldCatalog.Knowledge.NONE);
    }

    @Test
    void aFileThatIsNoTemplateIsNamed() throws Exception {
        Files.createDirectories(repo.resolve("index-templates"));
        Files.writeString(repo.resolve("index-templates/broken.json"), "{\"mappings\": {}}");
        assertThatThrownBy(() -> FieldCatalog.forRepository(repo))
                .isInstanceOf(IndexTemplates.UnusableTemplate.class)
                .hasMessageContaining("broken.json").hasMessageContaining("index_patterns");
    }

    @Test
    void patternMappingsJoinCatalogAndIntegrationFields() {
        PatternMappings mappings = new PatternMappings(FieldCatalog.builtIn());
        var types = mappings.types("logs-okta.system-*");
        assertThat(types).containsKey("source.ip").containsEntry("process.command_line", "wildcard"); // ECS
        assertThat(types.keySet()).anyMatch(name -> name.startsWith("okta.")); // the Okta package's table
        var mapping = mappings.mapping("logs-okta.system-*", type -> type.equals("wildcard") ? "keyword" : type);
        assertThat(mapping.toString()).doesNotContain("\"wildcard\"").contains("\"command_line\"");
    }
}
