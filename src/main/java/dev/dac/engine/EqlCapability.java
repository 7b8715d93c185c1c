package dev.dac.engine;

import java.io.IOException;
import java.util.Map;
import java.util.WeakHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Whether an Elasticsearch runs EQL itself: every node lists the {@code x-pack-eql} module. dac's local node is
 * assembled from Maven Central artifacts, where that module is not published, so there dac assembles EQL answers
 * itself. Asked once per cluster connection.
 */
final class EqlCapability {

    private final Map<ElasticsearchJson, Boolean> answers = new WeakHashMap<>();

    boolean hasEql(ElasticsearchJson elasticsearch) throws IOException {
        Boolean known = answers.get(elasticsearch);
        if (known == null) {
            known = ask(elasticsearch);
            answers.put(elasticsearch, known);
        }
        return known;
    }

    private static boolean ask(ElasticsearchJson elasticsearch) throws IOException {
        JsonNode nodes;
        try {
            nodes = elasticsearch.send("GET", "/_nodes/plugins?filter_path=nodes.*.modules.name", null).path("nodes");
        } catch (ElasticsearchJson.RequestFailed e) {
            if (e.status() == 401 || e.status() == 403 || e.status() == 410) {
                // a cluster that hides its nodes (a restricted user, serverless) is a real Elasticsearch, with EQL;
                // only dac's own local node lacks it, and that one always answers
                return true;
            }
            throw e;
        }
        if (nodes.isEmpty()) {
            return false;
        }
        for (JsonNode node : nodes) {
            boolean found = false;
            for (JsonNode module : node.path("modules")) {
                found |= "x-pack-eql".equals(module.path("name").asString());
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
