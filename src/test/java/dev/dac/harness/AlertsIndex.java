package dev.dac.harness;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A security alerts index for tests: recreated empty, filled with alert documents built field by field. */
final class AlertsIndex {

    static final String NAME = ".alerts-security.alerts-default";

    private final ElasticsearchClient client;

    AlertsIndex(ElasticsearchClient client) {
        this.client = client;
    }

    /** Deletes every {@code .alerts-security.*} index (the seed query reads them all) and creates ours. */
    void recreate(String mappingResource) throws IOException {
        Set<String> existing = client.indices().get(g -> g.index(".alerts-security.*").allowNoIndices(true)
                .expandWildcards(co.elastic.clients.elasticsearch._types.ExpandWildcard.All)).result().keySet();
        if (!existing.isEmpty()) {
            client.indices().delete(d -> d.index(List.copyOf(existing)));
        }
        String mapping;
        try (InputStream in = AlertsIndex.class.getResourceAsStream(mappingResource)) {
            mapping = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        client.indices().create(c -> c.index(NAME)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m.withJson(new StringReader(mapping))));
    }

    void add(List<Map<String, Object>> alerts) throws IOException {
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        for (Map<String, Object> alert : alerts) {
            String id = (String) alert.get("_test_id");
            Map<String, Object> source = new LinkedHashMap<>(alert);
            source.remove("_test_id");
            bulk.operations(op -> op.index(i -> i.index(NAME).id(id).document(source)));
        }
        BulkResponse response = client.bulk(bulk.build());
        if (response.errors()) {
            throw new IllegalStateException("bulk indexing failed: " + response.items().stream()
                    .filter(item -> item.error() != null).map(item -> item.error().reason()).toList());
        }
    }

    /** An alert document with the fields the correlation rule reads; change fields with {@link Map#put}. */
    static Map<String, Object> alert(String id, String ruleId, String ruleName, String severity, double riskScore,
            String ip, String entity, String timestamp) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("_test_id", id);
        alert.put("@timestamp", timestamp);
        alert.put("event.kind", "signal");
        alert.put("kibana.alert.workflow_status", "open");
        alert.put("kibana.alert.rule.rule_id", ruleId);
        alert.put("kibana.alert.rule.name", ruleName);
        alert.put("kibana.alert.rule.type", "query");
        alert.put("kibana.alert.rule.tags", List.of("Domain: Cloud"));
        alert.put("kibana.alert.severity", severity);
        alert.put("kibana.alert.risk_score", riskScore);
        alert.put("source.ip", ip);
        alert.put("user.entity.id", entity);
        return alert;
    }
}
