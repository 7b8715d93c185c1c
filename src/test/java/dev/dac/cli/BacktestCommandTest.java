package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.RuleTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dac data load} then {@code dac backtest} end to end: the data loaded into the local node (found as
 * {@code dac es start} records it), the backtest run on it directly and through ES_URL; bad input refused.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class BacktestCommandTest {

    private static final String INDEX = "logs-aws.cloudtrail-backtest";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String NEW_IP = "9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f";

    @TempDir
    Path dir;

    private ElasticsearchJson json;
    /** The test node as ES_URL. */
    private Map<String, String> viaUrl;
    /** No ES_URL: the test node recorded as the node `dac es start` left running. */
    private Map<String, String> viaLocalNode;

    @BeforeEach
    void loadEvents(RunningElasticsearch es) throws Exception {
        json = new ElasticsearchJson(es.client());
        viaUrl = ValidateCommandTest.environmentWith("ES_URL", es.url().toString());
        Path work = Files.createDirectories(dir.resolve("es-work"));
        Files.writeString(work.resolve("detached-node.properties"), "pid=" + ProcessHandle.current().pid()
                + "\nurl=" + es.url() + "\nrun_dir=" + work + "\n");
        viaLocalNode = ValidateCommandTest.environmentWith("DAC_ES_WORK", work.toString());
        viaLocalNode.remove("ES_URL");
        json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);

        // three new key/IP pairs inside T0..T0+2h (one seen three times, one twice), one pair with history from
        // two days before, one event of a short-term key the rule ignores
        List<String> lines = new ArrayList<>();
        event(lines, T0.minus(Duration.ofDays(2)), "10.0.0.1", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(10)), "203.0.113.7", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(21)), "10.0.0.1", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(33)), "198.51.100.20", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(41)), "203.0.113.7", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(52)), "192.0.2.99", "ASIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(71)), "203.0.113.7", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(96)), "198.51.100.20", "AKIAIOSFODNN7EXAMPLE");
        event(lines, T0.plus(Duration.ofMinutes(101)), "192.0.2.44", "AKIAIOSFODNN7EXAMPLE");
        Path data = dir.resolve("cloudtrail.ndjson");
        Files.write(data, lines);

        ValidateCommandTest.Run load = ValidateCommandTest.run(viaLocalNode, "data", "load", data.toString(),
                "--index", INDEX);
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("9 events loaded into " + INDEX);
    }

    @AfterEach
    void removeEvents() throws Exception {
        json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
    }

    private static void event(List<String> lines, Instant at, String ip, String key) {
        lines.add("{\"@timestamp\":\"" + at + "\",\"event\":{\"ingested\":\"" + at + "\",\"dataset\":"
                + "\"aws.cloudtrail\",\"outcome\":\"success\"},\"source\":{\"ip\":\"" + ip + "\"},\"aws\":"
                + "{\"cloudtrail\":{\"user_identity\":{\"access_key_id\":\"" + key + "\"}}}}");
    }

    private String[] backtest(String... extra) {
        List<String> args = new ArrayList<>(List.of("backtest", RuleTexts.NEW_IP_RULE.toString(), "--from",
                T0.toString(), "--to", T0.plus(Duration.ofHours(2)).toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private long scratchAlertIndices() throws Exception {
        return json.send("GET", "/_cat/indices/.alerts-security.alerts-dac-backtest-*?format=json"
                + "&expand_wildcards=all", null).size();
    }

    @Test
    void aBacktestOnTheLocalNodeCountsOneAlertPerNewPairAndLeavesNothingBehind() throws Exception {
        long sourceDocs = json.send("GET", "/" + INDEX + "/_count", null).path("count").asLong();

        ValidateCommandTest.Run run = ValidateCommandTest.run(viaLocalNode, backtest());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("24 of 24 executions")
                .contains("2025-01-01T00:10:00Z  " + NEW_IP + "  1 created, 0 duplicates")
                .contains("2025-01-01T00:15:00Z  " + NEW_IP + "  0 created, 1 duplicates")
                .contains("3 alerts created")
                .contains("total: 3 alerts created")
                .contains("top values of aws.cloudtrail.user_identity.access_key_id | source.ip:")
                .contains("AKIAIOSFODNN7EXAMPLE | 203.0.113.7")
                .contains("AKIAIOSFODNN7EXAMPLE | 198.51.100.20")
                .contains("AKIAIOSFODNN7EXAMPLE | 192.0.2.44")
                .doesNotContain("10.0.0.1").doesNotContain("192.0.2.99")
                .contains("alerts created over time (24 buckets):");
        assertThat(run.out()).containsPattern("2025-01-01T00:10:00Z  #+ 1");
        assertThat(scratchAlertIndices()).isZero();
        assertThat(json.send("GET", "/" + INDEX + "/_count", null).path("count").asLong()).isEqualTo(sourceDocs);
    }

    @Test
    void throughEsUrlTheAlertsComeOutAsNdjsonOrAsAJsonArrayInAFile() throws Exception {
        ValidateCommandTest.Run ndjson = ValidateCommandTest.run(viaUrl, backtest("--format", "ndjson"));

        assertThat(ndjson.exit()).as(ndjson.err()).isZero();
        List<JsonNode> alerts = ndjson.out().lines().map(l -> JsonMapper.builder().build().readTree(l)).toList();
        assertThat(alerts).hasSize(3).allSatisfy(a -> assertThat(a.path("kibana.alert.rule.rule_id").asString())
                .isEqualTo(NEW_IP));
        assertThat(alerts).extracting(a -> a.path("source.ip").asString())
                .containsExactlyInAnyOrder("203.0.113.7", "198.51.100.20", "192.0.2.44");
        assertThat(ndjson.err()).contains("total: 3 alerts created");

        Path file = dir.resolve("alerts.json");
        ValidateCommandTest.Run toFile = ValidateCommandTest.run(viaUrl, backtest("--format", "json", "--out",
                file.toString()));
        assertThat(toFile.exit()).as(toFile.err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(file.toFile())).hasSize(3);
        assertThat(dir.resolve("alerts.json.partial")).doesNotExist();
        assertThat(toFile.out()).contains("alerts written to " + file);
        assertThat(scratchAlertIndices()).isZero();
    }

    @Test
    void aRuleNamedByItsRuleIdRunsAsItsFile() {
        ValidateCommandTest.Run run = ValidateCommandTest.run(viaUrl, "backtest", NEW_IP, "--from", T0.toString(),
                "--to", T0.plus(Duration.ofHours(2)).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("total: 3 alerts created");
    }

    @Test
    void badInputIsAClearErrorWithoutATrace() {
        ValidateCommandTest.Run unknown = ValidateCommandTest.run(viaUrl, "backtest", "no-such-rule", "--from",
                "now-1h");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("rule 'no-such-rule' is neither a rule file or folder nor the rule_id");

        ValidateCommandTest.Run backwards = ValidateCommandTest.run(viaUrl, "backtest", NEW_IP, "--from", "now",
                "--to", "now-1d");
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("--from (").contains(") is after --to (");

        ValidateCommandTest.Run empty = ValidateCommandTest.run(viaUrl, "backtest", NEW_IP, "--from",
                "2025-01-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("is empty");

        ValidateCommandTest.Run tooShort = ValidateCommandTest.run(viaUrl, "backtest", NEW_IP, "--from",
                "2025-01-01T00:00:00Z", "--to", "2025-01-01T00:04:00Z");
        assertThat(tooShort.exit()).isEqualTo(2);
        assertThat(tooShort.err()).contains("no execution fits");

        ValidateCommandTest.Run notATime = ValidateCommandTest.run(viaUrl, "backtest", NEW_IP, "--from",
                "last tuesday");
        assertThat(notATime.exit()).isEqualTo(2);
        assertThat(notATime.err()).contains("--from/--to: ");

        ValidateCommandTest.Run unreachable = ValidateCommandTest.run(
                ValidateCommandTest.environmentWith("ES_URL", "http://127.0.0.1:1"), backtest());
        assertThat(unreachable.exit()).isEqualTo(4);
        assertThat(unreachable.err()).contains("dac backtest: ").contains("127.0.0.1:1");

        Map<String, String> nowhere = ValidateCommandTest.environmentWith("DAC_ES_WORK", dir.resolve("none")
                .toString());
        nowhere.remove("ES_URL");
        ValidateCommandTest.Run noCluster = ValidateCommandTest.run(nowhere, backtest());
        assertThat(noCluster.exit()).isEqualTo(4);
        assertThat(noCluster.err()).contains("needs a cluster that keeps its data").contains("dac es start");

        for (ValidateCommandTest.Run run : List.of(unknown, backwards, empty, tooShort, notATime, unreachable,
                noCluster)) {
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
