package dev.dac.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes alerts to the execution's alerts index with their uuid as document id, each created only once: an alert
 * that an earlier run already wrote is left as it is and counted as a duplicate, as Kibana deduplicates overlapping
 * runs (its bulk create reports only the items that were created).
 */
public final class AlertWriter {

    private final Execution execution;

    public AlertWriter(Execution execution) {
        this.execution = execution;
    }

    /** The alerts a write created, in the order given, and how many already existed. */
    public record Written(List<ObjectNode> created, int duplicates) {
        public Written {
            created = List.copyOf(created);
        }
    }

    /** Writes {@code alerts}; returns how many were new. */
    public int write(List<ObjectNode> alerts) throws IOException {
        return create(alerts).created().size();
    }

    /** Writes {@code alerts}; returns those created and the number of duplicates. */
    public Written create(List<ObjectNode> alerts) throws IOException {
        if (alerts.isEmpty()) {
            return new Written(List.of(), 0);
        }
        StringBuilder bulk = new StringBuilder();
        for (ObjectNode alert : alerts) {
            bulk.append("{\"create\":{\"_id\":\"").append(alert.get("kibana.alert.uuid").asString()).append("\"}}\n");
            bulk.append(ElasticsearchJson.mapper().writeValueAsString(alert)).append('\n');
        }
        JsonNode response = execution.elasticsearch().send("POST", "/" + execution.alertsIndex()
                + "/_bulk?refresh=true", bulk.toString());
        List<ObjectNode> created = new ArrayList<>();
        int duplicates = 0;
        int i = 0;
        for (JsonNode item : response.path("items")) {
            JsonNode result = item.path("create");
            int status = result.path("status").asInt();
            if (status == 201) {
                created.add(alerts.get(i));
            } else if (status == 409) {
                duplicates++;
            } else {
                throw new IOException("writing alert " + result.path("_id").asString() + " failed: "
                        + result.path("error").path("reason").asString("status " + status));
            }
            i++;
        }
        return new Written(created, duplicates);
    }
}
