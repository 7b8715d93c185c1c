package dev.dac.engine;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes alerts that carry suppression fields as Kibana's alertWithSuppression does
 * (rule_types/factories/alert_with_suppression.ts, via utils/bulk_create_with_suppression.ts): alerts of one
 * {@code kibana.alert.instance.id} are first suppressed into the earliest of them (docs_count counts the others, end is
 * the latest end); an alert of the rule already in the alerts index for that instance, started inside the suppression
 * window and not closed, absorbs the new one (docs_count grows by the new one's count plus one, end moves forward,
 * last_detected is now) instead of a new alert being written, unless suppression is per rule execution; an alert whose
 * end is not after the existing alert's end was already counted and is dropped.
 */
final class SuppressionWriter {

    static final String INSTANCE_ID = "kibana.alert.instance.id";
    static final String TERMS = "kibana.alert.suppression.terms";
    static final String START = "kibana.alert.suppression.start";
    static final String END = "kibana.alert.suppression.end";
    static final String DOCS_COUNT = "kibana.alert.suppression.docs_count";

    private final Execution execution;

    SuppressionWriter(Execution execution) {
        this.execution = execution;
    }

    /**
     * Writes {@code candidates} (suppression fields set) and returns the alerts this execution created or updated, the
     * updated ones as they now read. {@code windowStart}: existing alerts started before it do not absorb new ones.
     */
    List<ObjectNode> write(String ruleUuid, List<ObjectNode> candidates, Instant windowStart, boolean perExecution,
            int maxAlerts) throws IOException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, JsonNode> existing = existing(ruleUuid, windowStart);
        List<ObjectNode> fresh = new ArrayList<>();
        for (ObjectNode candidate : candidates) {
            JsonNode current = existing.get(candidate.path(INSTANCE_ID).asString());
            if (current == null || time(current.path("_source").path(END)).isBefore(time(candidate.path(END)))) {
                fresh.add(candidate);
            }
        }
        List<ObjectNode> kept = inMemory(fresh);
        List<ObjectNode> created = new ArrayList<>();
        List<ObjectNode> updated = new ArrayList<>();
        for (ObjectNode alert : kept) {
            JsonNode current = existing.get(alert.path(INSTANCE_ID).asString());
            if (current != null && !perExecution) {
                updated.add(update(current, alert));
            } else if (created.size() < maxAlerts) {
                created.add(alert);
            }
        }
        new AlertWriter(execution).write(created);
        List<ObjectNode> result = new ArrayList<>(created);
        result.addAll(updated);
        return result;
    }

    /** alert_with_suppression.ts suppressAlertsInMemory: the earliest alert of each instance stands for all. */
    static List<ObjectNode> inMemory(List<ObjectNode> alerts) {
        List<ObjectNode> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparing(a -> time(a.path(START))));
        Map<String, ObjectNode> first = new LinkedHashMap<>();
        for (ObjectNode alert : sorted) {
            String instance = alert.path(INSTANCE_ID).asString();
            ObjectNode kept = first.get(instance);
            if (kept == null) {
                first.put(instance, alert);
                continue;
            }
            kept.put(DOCS_COUNT, kept.path(DOCS_COUNT).asLong() + alert.path(DOCS_COUNT).asLong() + 1);
            if (time(alert.path(END)).isAfter(time(kept.path(END)))) {
                kept.set(END, alert.get(END));
            }
        }
        return new ArrayList<>(first.values());
    }

    /** The latest-started open alert of the rule per instance id, started at or after {@code windowStart}. */
    private Map<String, JsonNode> existing(String ruleUuid, Instant windowStart) throws IOException {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", 10000);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("kibana.alert.rule.uuid", ruleUuid);
        filter.addObject().putObject("range").putObject("kibana.alert.start").put("gte", windowStart.toString());
        // the default of Kibana's suppression-on-closure setting: a closed alert ends its window
        ((ObjectNode) body.get("query").get("bool")).putArray("must_not").addObject().putObject("term")
                .put("kibana.alert.workflow_status", "closed");
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode hit : execution.elasticsearch().search(execution.alertsIndex(), body).path("hits")
                .path("hits")) {
            String instance = hit.path("_source").path(INSTANCE_ID).asString("");
            if (instance.isEmpty()) {
                continue;
            }
            JsonNode before = latest.get(instance);
            if (before == null || time(hit.path("_source").path("kibana.alert.start"))
                    .isAfter(time(before.path("_source").path("kibana.alert.start")))) {
                latest.put(instance, hit);
            }
        }
        return latest;
    }

    /** getUpdatedSuppressionBoundaries and the docs_count sum of alert_with_suppression.ts. */
    private ObjectNode update(JsonNode current, ObjectNode alert) throws IOException {
        ObjectNode source = ((ObjectNode) current.path("_source")).deepCopy();
        ObjectNode doc = ElasticsearchJson.mapper().createObjectNode();
        if (time(source.path(END)).isBefore(time(alert.path(END)))) {
            doc.set(END, alert.get(END));
        }
        doc.put("kibana.alert.last_detected", KibanaTime.iso(execution.at()));
        doc.put(DOCS_COUNT, source.path(DOCS_COUNT).asLong() + alert.path(DOCS_COUNT).asLong() + 1);
        ObjectNode request = ElasticsearchJson.mapper().createObjectNode();
        request.set("doc", doc);
        execution.elasticsearch().send("POST", "/" + current.path("_index").asString() + "/_update/"
                + current.path("_id").asString() + "?refresh=true", request);
        source.setAll(doc);
        return source;
    }

    static Instant time(JsonNode value) {
        return value.isString() ? Instant.parse(value.asString()) : Instant.EPOCH;
    }
}
