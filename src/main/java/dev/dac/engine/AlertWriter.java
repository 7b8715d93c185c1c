package dev.dac.engine;

import java.io.IOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes alerts to the space's alerts index with their uuid as document id, each created only once: an alert that
 * an earlier run already wrote is left as it is, as Kibana deduplicates overlapping runs.
 */
public final class AlertWriter {

    private final Execution execution;

    public AlertWriter(Execution execution) {
        this.execution = execution;
    }

    /** Writes {@code alerts}; returns how many were new. */
    public int write(List<ObjectNode> alerts) throws IOException {
        if (alerts.isEmpty()) {
            return 0;
        }
        StringBuilder bulk = new StringBuilder();
        for (ObjectNode alert : alerts) {
            bulk.append("{\"create\":{\"_id\":\"").append(alert.get("kibana.alert.uuid").asString()).append("\"}}\n");
            bulk.append(ElasticsearchJson.mapper().writeValueAsString(alert)).append('\n');
        }
        JsonNode response = execution.elasticsearch().send("POST", "/" + execution.alertsIndex()
                + "/_bulk?refresh=true", bulk.toString());
        int created = 0;
        for (JsonNode item : response.path("items")) {
            JsonNode result = item.path("create");
            int status = result.path("status").asInt();
            if (status == 201) {
                created++;
            } else if (status != 409) {
                throw new IOException("writing alert " + result.path("_id").asString() + " failed: "
                        + result.path("error").path("reason").asString("status " + status));
            }
        }
        return created;
    }
}
