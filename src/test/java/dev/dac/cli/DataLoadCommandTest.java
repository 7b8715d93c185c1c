package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code dac data load} on the shared Elasticsearch (as ES_URL): plain and bulk ndjson, bad lines, time shifts. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class DataLoadCommandTest {

    private static final String INDEX = "logs-aws.cloudtrail-dataload";

    @TempDir
    Path dir;

    private ElasticsearchJson json;
    private Map<String, String> env;

    @BeforeEach
    void connect(RunningElasticsearch es) throws Exception {
        json = new ElasticsearchJson(es.client());
        env = ValidateCommandTest.environmentWith("ES_URL", es.url().toString());
        json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
    }

    @AfterEach
    void removeIndex() throws Exception {
        json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
    }

    private Path file(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private ValidateCommandTest.Run load(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "data";
        all[1] = "load";
        System.arraycopy(args, 0, all, 2, args.length);
        return ValidateCommandTest.run(env, all);
    }

    private JsonNode hits() throws Exception {
        return json.send("POST", "/" + INDEX + "/_search", "{\"size\":100,\"sort\":[{\"@timestamp\":\"asc\"}]}")
                .path("hits").path("hits");
    }

    @Test
    void plainAndBulkLinesLoadIntoAnIndexMappedFromTheCatalog() throws Exception {
        Path plain = file("plain.ndjson",
                "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source\":{\"ip\":\"203.0.113.7\"}}",
                "",
                "{\"@timestamp\":\"2024-05-01T10:01:00Z\",\"source.ip\":\"198.51.100.20\"}");
        Path bulk = file("bulk.ndjson",
                "{\"index\":{\"_index\":\"elsewhere\",\"_id\":\"event-1\"}}",
                "{\"@timestamp\":\"2024-05-01T10:02:00Z\",\"source\":{\"ip\":\"192.0.2.44\"}}",
                "{\"create\":{}}",
                "{\"@timestamp\":\"2024-05-01T10:03:00Z\",\"event\":{\"outcome\":\"success\"}}");

        ValidateCommandTest.Run run = load(plain.toString(), bulk.toString(), "--index", INDEX);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 events loaded into " + INDEX);
        assertThat(hits()).hasSize(4);
        assertThat(json.send("GET", "/" + INDEX + "/_doc/event-1", null).path("found").asBoolean()).isTrue();
        JsonNode mapping = json.send("GET", "/" + INDEX + "/_mapping/field/source.ip", null);
        assertThat(mapping.path(INDEX).path("mappings").path("source.ip").path("mapping").path("ip").path("type")
                .asString()).as("the catalog's type, not a guessed keyword").isEqualTo("ip");
        assertThat(json.send("GET", "/_cat/indices/elsewhere?format=json&ignore_unavailable=true", null)).isEmpty();

        // a second load adds to the index an earlier load created
        ValidateCommandTest.Run again = load(plain.toString(), "--index", INDEX);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("exists from an earlier dac data load");
        assertThat(hits()).hasSize(6);
    }

    @Test
    void badLinesAreNamedAndNothingLoadsUnlessTheyAreSkipped() throws Exception {
        Path data = file("mixed.ndjson",
                "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source.ip\":\"203.0.113.7\"}",
                "{\"@timestamp\": 2024-05-01",
                "[1, 2]",
                "{\"delete\":{\"_id\":\"x\"}}",
                "{\"index\":{}}");

        ValidateCommandTest.Run refused = load(data.toString(), "--index", INDEX);

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(data + ":2: not JSON").contains(data + ":3: a JSON array, not an object")
                .contains(data + ":4: a bulk 'delete' action").contains(data + ":5: a bulk 'index' action with no"
                        + " document").contains("4 bad line(s); nothing was loaded").doesNotContain("Exception");
        assertThat(json.send("GET", "/_cat/indices/" + INDEX + "?format=json&ignore_unavailable=true", null))
                .as("no index was created").isEmpty();

        ValidateCommandTest.Run skipped = load(data.toString(), "--index", INDEX, "--skip-bad");

        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(skipped.err()).contains("skipped " + data + ":2: not JSON");
        assertThat(skipped.out()).contains("1 events loaded").contains("4 bad line(s) skipped");
        assertThat(hits()).hasSize(1);
    }

    @Test
    void shiftingMovesTheLatestTimestampToTheTargetAndKeepsDistances() throws Exception {
        Path data = file("old.ndjson",
                "{\"@timestamp\":\"2019-03-01T10:00:00Z\",\"event\":{\"ingested\":\"2019-03-01T10:00:05Z\"}}",
                "{\"@timestamp\":\"2019-03-01T12:00:00.000+01:00\",\"event.created\":1551434400000}",
                "{\"@timestamp\":\"2019-03-01T12:00:00Z\"}");

        ValidateCommandTest.Run run = load(data.toString(), "--index", INDEX, "--shift-to", "2026-04-10T12:00:00Z");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode hits = hits();
        assertThat(hits.path(0).path("_source").path("@timestamp").asString()).isEqualTo("2026-04-10T10:00:00Z");
        assertThat(hits.path(0).path("_source").path("event").path("ingested").asString())
                .isEqualTo("2026-04-10T10:00:05Z");
        assertThat(hits.path(1).path("_source").path("@timestamp").asString()).isEqualTo("2026-04-10T11:00:00Z");
        assertThat(hits.path(1).path("_source").path("event.created").asString()).isEqualTo("2026-04-10T10:00:00Z");
        assertThat(hits.path(2).path("_source").path("@timestamp").asString()).isEqualTo("2026-04-10T12:00:00Z");

        Path noTime = file("notime.ndjson", "{\"message\":\"no time\"}");
        ValidateCommandTest.Run refused = load(noTime.toString(), "--index", INDEX, "--shift-to", "now");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(noTime + ":1: no @timestamp dac can read");
    }

    @Test
    void anIndexDacDidNotCreateIsNeverWrittenTo() throws Exception {
        json.send("PUT", "/" + INDEX, "{}");
        Path data = file("one.ndjson", "{\"@timestamp\":\"2024-05-01T10:00:00Z\"}");

        ValidateCommandTest.Run run = load(data.toString(), "--index", INDEX);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("already exists and dac data load did not create it");
        assertThat(json.send("GET", "/" + INDEX + "/_count", null).path("count").asLong()).isZero();
        assertThat(load(dir.resolve("missing.ndjson").toString(), "--index", INDEX).exit()).isEqualTo(2);
        assertThat(load(data.toString(), "--index", "Logs-*").err()).contains("is not an index dac loads into");
    }
}
