package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code dac fields pull} and {@code dac validate}'s ES|QL verification on a cluster at ES_URL, end to end. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class FieldsAndEsqlCommandTest {

    @TempDir
    Path dir;

    @Test
    void fieldsPullWritesATemplateTheCatalogReadsAsExact(RunningElasticsearch es) throws Exception {
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        json.send("PUT", "/dacpull-app-one", """
                {"mappings": {"properties": {"app": {"properties": {"user": {"type": "keyword"}}},
                  "latency": {"type": "long"}}}}""");
        json.send("PUT", "/dacpull-app-two", """
                {"mappings": {"properties": {"app": {"properties": {"user": {"type": "keyword"},
                  "region": {"type": "keyword"}}}, "latency": {"type": "double"}}}}""");
        try {
            Path out = dir.resolve("index-templates/dacpull-app.json");
            ValidateCommandTest.Run run = ValidateCommandTest.run(ValidateCommandTest.environmentWith("ES_URL",
                    es.url().toString()), "fields", "pull", "--index", "dacpull-app-*", "--out", out.toString());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("wrote " + out).contains("latency is mapped differently");
            JsonNode written = ElasticsearchJson.mapper().readTree(Files.readString(out));
            assertThat(written.path("index_patterns").get(0).asString()).isEqualTo("dacpull-app-*");
            FieldCatalog.Coverage coverage = FieldCatalog.forRepository(dir).forPatterns(List.of("dacpull-app-*"));
            assertThat(coverage.exact()).isTrue();
            assertThat(coverage.fields().field("app.region")).isPresent();
            assertThat(coverage.fields().field("app.user").orElseThrow().esType()).isEqualTo("keyword");
        } finally {
            json.send("DELETE", "/dacpull-app-one,dacpull-app-two", null);
        }
    }

    @Test
    void fieldsPullOfAPatternWithoutIndicesWritesNothing(RunningElasticsearch es) {
        Path out = dir.resolve("none.json");
        ValidateCommandTest.Run run = ValidateCommandTest.run(ValidateCommandTest.environmentWith("ES_URL",
                es.url().toString()), "fields", "pull", "--index", "dacpull-nothing-*", "--out", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no index matches dacpull-nothing-*");
        assertThat(out).doesNotExist();
    }

    @Test
    void onAClusterAtEsUrlValidateCreatesNoIndex(RunningElasticsearch es) throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run(ValidateCommandTest.environmentWith("ES_URL",
                es.url().toString()), "validate", "rules");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("verifying 1 ES|QL query").contains("dac creates no index there");
        assertThat(run.out()).doesNotContain("DAC147");
        JsonNode indices = new ElasticsearchJson(es.client()).send("GET",
                "/_cat/indices?format=json&expand_wildcards=all", null);
        indices.forEach(i -> assertThat(i.path("index").asString()).doesNotContain("dacverify"));
    }
}
