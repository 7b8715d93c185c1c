package dev.dac.engine;

import dev.dac.rule.CommonFields;
import dev.dac.rule.Rule;
import dev.dac.rule.Threat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds alert documents with the fields Kibana's detection engine writes: the source event's fields (flattened to
 * dotted names), its event.* also under kibana.alert.original_event.*, event.kind = signal, and the kibana.alert.*
 * fields that describe the alert and its rule. Alert ids are derived from what the alert is about, so a second run
 * over the same documents produces the same ids and no duplicates.
 */
public final class AlertBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Rule rule;
    private final Execution execution;
    private final String executionUuid = UUID.randomUUID().toString();

    public AlertBuilder(Rule rule, Execution execution) {
        this.rule = rule;
        this.execution = execution;
    }

    /** The rule's saved-object id, which Kibana assigns; derived here so it is stable per space. */
    public static String ruleUuid(String ruleId, String space) {
        return UUID.nameUUIDFromBytes((space + ":" + ruleId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An alert about one source document ({@code _index}, {@code _id}, its source), with identifying parts. */
    public ObjectNode fromEvent(String index, String id, JsonNode source, List<String> identity) {
        ObjectNode alert = JSON.objectNode();
        flatten("", source, alert);
        ObjectNode original = JSON.objectNode();
        alert.properties().stream().filter(e -> e.getKey().startsWith("event."))
                .forEach(e -> original.set("kibana.alert.original_event." + e.getKey().substring("event.".length()),
                        e.getValue()));
        alert.setAll(original);
        if (alert.has("@timestamp")) {
            alert.set("kibana.alert.original_time", alert.get("@timestamp"));
        }
        ArrayNode ancestors = alert.putArray("kibana.alert.ancestors");
        ObjectNode ancestor = ancestors.addObject();
        ancestor.put("id", id);
        ancestor.put("index", index);
        ancestor.put("type", "event");
        ancestor.put("depth", 0);
        alert.put("kibana.alert.depth", 1);
        describe(alert, hash(identity), reasonFor(alert));
        return alert;
    }

    /** An alert from one row of an aggregating ES|QL query: the row's columns are the alert's fields. */
    public ObjectNode fromRow(Map<String, JsonNode> row) {
        ObjectNode alert = JSON.objectNode();
        row.forEach((column, value) -> {
            if (!value.isNull()) {
                alert.set(column, value);
            }
        });
        alert.put("kibana.alert.depth", 1);
        alert.putArray("kibana.alert.ancestors");
        describe(alert, hash(List.of(row.toString(), execution.at().toString())), reasonFor(alert));
        return alert;
    }

    void describe(ObjectNode alert, String uuid, String reason) {
        CommonFields common = rule.common();
        alert.put("@timestamp", execution.at().toString());
        alert.put("event.kind", "signal");
        alert.put("kibana.alert.uuid", uuid);
        alert.put("kibana.alert.status", "active");
        alert.put("kibana.alert.workflow_status", "open");
        alert.put("kibana.alert.severity", common.severity().apiName());
        alert.put("kibana.alert.risk_score", common.riskScore());
        alert.put("kibana.alert.reason", reason);
        alert.put("kibana.alert.start", execution.at().toString());
        alert.put("kibana.alert.rule.rule_id", common.ruleId());
        alert.put("kibana.alert.rule.uuid", ruleUuid(common.ruleId(), execution.space()));
        alert.put("kibana.alert.rule.name", common.name());
        alert.put("kibana.alert.rule.type", rule.type().apiName());
        alert.put("kibana.alert.rule.rule_type_id", "siem." + switch (rule.type()) {
            case NEW_TERMS -> "newTermsRule";
            case ESQL -> "esqlRule";
            case EQL -> "eqlRule";
            case THRESHOLD -> "thresholdRule";
            case MACHINE_LEARNING -> "mlRule";
            case THREAT_MATCH -> "indicatorRule";
            case QUERY -> "queryRule";
        });
        alert.put("kibana.alert.rule.category", "Custom Query Rule");
        alert.put("kibana.alert.rule.consumer", "siem");
        alert.put("kibana.alert.rule.producer", "siem");
        alert.put("kibana.alert.rule.description", common.description());
        alert.put("kibana.alert.rule.severity", common.severity().apiName());
        alert.put("kibana.alert.rule.risk_score", common.riskScore());
        alert.put("kibana.alert.rule.from", common.effectiveFrom());
        alert.put("kibana.alert.rule.to", common.effectiveTo());
        alert.put("kibana.alert.rule.interval", common.effectiveInterval());
        alert.put("kibana.alert.rule.max_signals", common.effectiveMaxSignals());
        alert.put("kibana.alert.rule.enabled", true);
        alert.put("kibana.alert.rule.execution.uuid", executionUuid);
        alert.put("kibana.alert.rule.execution.timestamp", execution.at().toString());
        if (common.timestampOverride() != null) {
            alert.put("kibana.alert.rule.timestamp_override", common.timestampOverride());
        }
        ArrayNode tags = alert.putArray("kibana.alert.rule.tags");
        common.tags().forEach(tags::add);
        ArrayNode references = alert.putArray("kibana.alert.rule.references");
        common.references().forEach(references::add);
        ArrayNode threat = alert.putArray("kibana.alert.rule.threat");
        for (Threat t : common.threat()) {
            threat.add(ElasticsearchJson.mapper().valueToTree(t));
        }
        ArrayNode spaces = alert.putArray("kibana.space_ids");
        spaces.add(execution.space());
        alert.put("kibana.version", execution.engineVersion());
    }

    String reasonFor(ObjectNode alert) {
        StringBuilder reason = new StringBuilder("event");
        JsonNode sourceIp = alert.get("source.ip");
        if (sourceIp != null && !sourceIp.isNull()) {
            reason.append(" with source ").append(sourceIp.isArray() ? sourceIp.path(0).asString() : sourceIp.asString());
        }
        JsonNode user = alert.get("user.name");
        if (user != null && !user.isNull()) {
            reason.append(" by ").append(user.asString());
        }
        return reason + " created " + rule.common().severity().apiName() + " alert " + rule.common().name() + ".";
    }

    private String hash(List<String> identity) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ruleUuid(rule.common().ruleId(), execution.space()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(execution.space().getBytes(StandardCharsets.UTF_8));
            for (String part : identity) {
                digest.update((byte) 0);
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Source objects become dotted names; arrays of objects are kept whole under their name. */
    static void flatten(String prefix, JsonNode node, ObjectNode into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix + e.getKey() + ".", e.getValue(), into));
            return;
        }
        into.set(prefix.substring(0, prefix.length() - 1), node);
    }
}
