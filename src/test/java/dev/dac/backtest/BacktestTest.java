package dev.dac.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.harness.CatalogIndex;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.CheckedRule;
import dev.dac.validate.RuleTexts;
import dev.dac.validate.RuleValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;

/** The backtest on the local node: stopping between executions keeps what ran, and nothing is left behind. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class BacktestTest {

    private static final String INDEX = "logs-aws.cloudtrail-backtest-stop";
    private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    @Test
    void aStoppedBacktestSummarisesTheExecutionsThatRanAndRemovesItsAlertsIndex(RunningElasticsearch es)
            throws Exception {
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
        json.send("PUT", "/" + INDEX, CatalogIndex.body(FieldCatalog.builtIn(), INDEX, "dac test", n -> { }));
        StringBuilder bulk = new StringBuilder();
        // a new source IP every 5 minutes, each in the window of the run after it
        for (int i = 0; i < 12; i++) {
            Instant at = T0.plus(Duration.ofMinutes(5L * i + 2));
            bulk.append("{\"index\":{\"_index\":\"").append(INDEX).append("\"}}\n{\"@timestamp\":\"").append(at)
                    .append("\",\"event.ingested\":\"").append(at).append("\",\"event.dataset\":\"aws.cloudtrail\","
                            + "\"event.outcome\":\"success\",\"source.ip\":\"203.0.113.").append(i)
                    .append("\",\"aws.cloudtrail.user_identity.access_key_id\":\"AKIAIOSFODNN7EXAMPLE\"}\n");
        }
        json.send("POST", "/_bulk?refresh=true", bulk.toString());
        CheckedRule newIp = new RuleValidator().validate(List.of(RuleTexts.NEW_IP_RULE)).rules().get(0);
        List<ObjectNode> alerts = new ArrayList<>();
        List<Instant> executed = new ArrayList<>();
        try {
            BacktestSummary summary = new Backtest(json, es.version(), FieldCatalog.builtIn()).run(List.of(newIp),
                    T0, T0.plus(Duration.ofHours(1)), alerts::add, (run, done, planned) -> executed.add(run.at()),
                    () -> executed.size() == 4);

            assertThat(summary.plannedExecutions()).isEqualTo(12);
            assertThat(summary.executions()).isEqualTo(4);
            assertThat(summary.wasStopped()).isTrue();
            assertThat(executed).containsExactly(T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(10)),
                    T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(20)));
            assertThat(alerts).extracting(a -> a.path("source.ip").asString())
                    .containsExactly("203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3");
            assertThat(summary.created()).isEqualTo(4);
            assertThat(summary.topValues("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f", 10)).hasSize(4);
            assertThat(json.send("GET", "/_cat/indices/.alerts-security.alerts-dac-backtest-*?format=json"
                    + "&expand_wildcards=all", null)).isEmpty();
        } finally {
            json.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
        }
    }
}
