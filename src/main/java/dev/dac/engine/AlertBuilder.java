package dev.dac.engine;

import dev.dac.kql.DocumentValues;
import dev.dac.rule.CommonFields;
import dev.dac.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds alert documents as Kibana's detection engine does (factories/utils/transform_hit_to_alert.ts and
 * build_alert.ts): the parent document's source cleaned of what cannot go into an alert ({@link EcsCompliance}),
 * flattened to dotted names, its event.* and data_stream.* also under kibana.alert.original_event.* and
 * kibana.alert.original_data_stream.*, and the kibana.alert.* fields that describe the alert, its ancestry and its
 * rule. A parent that is itself an alert (a higher-order rule) makes the alert one level deeper, with the parent's
 * ancestors and the parent in kibana.alert.ancestors.
 */
public final class AlertBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Rule rule;
    private final Execution execution;
    private final String executionUuid = UUID.randomUUID().toString();
    private final AlertIds ids;
    private final ObjectNode parameters;

    /** A document an alert is about: a source event, an earlier alert, or the synthetic event of a group or row. */
    public record Parent(String index, String id, JsonNode source) {}

    public AlertBuilder(Rule rule, Execution execution) {
        this.rule = rule;
        this.execution = execution;
        this.ids = new AlertIds(execution.space(), ruleUuid(rule.common().ruleId(), execution.space()));
        this.parameters = RuleParameters.of(rule);
    }

    /** The rule's saved-object id, which Kibana assigns; derived here so it is stable per space. */
    public static String ruleUuid(String ruleId, String space) {
        return UUID.nameUUIDFromBytes((space + ":" + ruleId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id recipes of this rule in this space. */
    public AlertIds ids() {
        return ids;
    }

    /** An alert about {@code parent} with the id {@code uuid} (from {@link #ids()}, per the rule type's recipe). */
    public ObjectNode alert(Parent parent, String uuid) {
        JsonNode source = parent.source() == null ? JSON.objectNode() : parent.source();
        ObjectNode alert = JSON.objectNode();
        EcsCompliance.Stripped stripped = EcsCompliance.strip(source);
        flatten("", stripped.document(), alert);
        alert.properties().stream().filter(e -> e.getKey().startsWith("event.") || e.getKey().startsWith("data_stream."))
                .toList().forEach(e -> alert.set(e.getKey().startsWith("event.")
                        ? "kibana.alert.original_event." + e.getKey().substring("event.".length())
                        : "kibana.alert.original_data_stream." + e.getKey().substring("data_stream.".length()),
                        e.getValue()));
        alert.remove("event.kind");
        originalTime(source).ifPresent(time -> alert.put("kibana.alert.original_time", KibanaTime.iso(time)));
        ObjectNode ancestor = JSON.objectNode();
        ArrayNode ancestors = alert.putArray("kibana.alert.ancestors");
        boolean isAlert = !DocumentValues.leaves(source, "kibana.alert.uuid").isEmpty()
                || (source.has("signal") && !source.get("signal").isNull());
        int depth = 0;
        if (isAlert) {
            for (JsonNode earlier : DocumentValues.of(source, "kibana.alert.ancestors")) {
                if (earlier.isArray()) {
                    earlier.forEach(ancestors::add);
                } else if (earlier.isObject()) {
                    ancestors.add(earlier);
                }
            }
            List<JsonNode> parentDepth = DocumentValues.leaves(source, "kibana.alert.depth");
            depth = parentDepth.isEmpty() ? 1 : parentDepth.get(0).asInt();
        }
        ancestor.put("id", parent.id());
        ancestor.put("type", isAlert ? "signal" : "event");
        ancestor.put("index", parent.index());
        ancestor.put("depth", depth);
        if (isAlert) {
            List<JsonNode> parentRule = DocumentValues.leaves(source, "kibana.alert.rule.uuid");
            if (!parentRule.isEmpty()) {
                ancestor.set("rule", parentRule.get(0));
            }
        }
        ancestors.add(ancestor);
        alert.put("kibana.alert.depth", depth + 1);
        AlertOverrides.Resolved overrides = AlertOverrides.resolve(rule, alert);
        describe(alert, uuid, AlertReason.of(source, overrides.name(), overrides.severity()), overrides);
        return alert;
    }

    /**
     * An alert from one row of an aggregating ES|QL query: the row's columns are the source of a synthetic event with
     * empty _id and _index, as Kibana's ES|QL executor builds it (esql.ts), so its one ancestor is empty too.
     */
    public ObjectNode fromRow(Map<String, JsonNode> row, String uuid) {
        ObjectNode source = JSON.objectNode();
        row.forEach((column, value) -> {
            if (!value.isNull()) {
                source.set(column, value);
            }
        });
        return alert(new Parent("", "", source), uuid);
    }

    /**
     * Whether {@code alert} descends from an alert of the rule {@code ruleUuid}: Kibana drops such alerts so a rule
     * never alerts on its own alerts (factories/wrap_hits.ts).
     */
    public static boolean descendsFromRule(ObjectNode alert, String ruleUuid) {
        JsonNode ancestors = alert.path("kibana.alert.ancestors");
        for (JsonNode ancestor : ancestors) {
            if (ruleUuid.equals(ancestor.path("rule").asString(null))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Describes an alert dac assembled itself (an EQL sequence's shell, from the fields its building blocks share):
     * the rule's fields, with the overrides and the reason taken from {@code alert}'s own fields.
     */
    void describeAssembled(ObjectNode alert, String uuid) {
        AlertOverrides.Resolved overrides = AlertOverrides.resolve(rule, alert);
        describe(alert, uuid, AlertReason.of(alert, overrides.name(), overrides.severity()), overrides);
    }

    private void describe(ObjectNode alert, String uuid, String reason, AlertOverrides.Resolved overrides) {
        CommonFields common = rule.common();
        String now = KibanaTime.iso(execution.at());
        // build_alert.ts, buildAlertFields
        alert.put("@timestamp", now);
        alert.putArray("kibana.space_ids").add(execution.space());
        alert.put("event.kind", "signal");
        alert.put("kibana.alert.rule.consumer", "siem");
        alert.put("kibana.alert.status", "active");
        alert.put("kibana.alert.workflow_status", "open");
        alert.put("kibana.alert.reason", reason);
        alert.put("kibana.alert.severity", overrides.severity());
        alert.set("kibana.alert.risk_score", overrides.riskScore());
        alert.set("kibana.alert.rule.parameters", parameters.deepCopy());
        alert.putArray("kibana.alert.rule.actions");
        alert.set("kibana.alert.rule.author", parameters.get("author"));
        alert.put("kibana.alert.rule.description", common.description());
        alert.put("kibana.alert.rule.enabled", true);
        alert.set("kibana.alert.rule.exceptions_list", parameters.get("exceptions_list"));
        alert.set("kibana.alert.rule.false_positives", parameters.get("false_positives"));
        alert.put("kibana.alert.rule.from", common.effectiveFrom());
        alert.put("kibana.alert.rule.immutable", false);
        alert.put("kibana.alert.rule.interval", common.effectiveInterval());
        ArrayNode indices = alert.putArray("kibana.alert.rule.indices");
        RuleParameters.indices(rule).forEach(indices::add);
        putIfSet(alert, "kibana.alert.rule.license", common.license());
        alert.put("kibana.alert.rule.max_signals", common.effectiveMaxSignals());
        alert.put("kibana.alert.rule.name", overrides.name());
        if (common.buildingBlockType() != null) {
            // build_alert.ts writes the rule's building_block_type on the alert and under kibana.alert.rule
            alert.put("kibana.alert.building_block_type", common.buildingBlockType());
            alert.put("kibana.alert.rule.building_block_type", common.buildingBlockType());
        }
        putIfSet(alert, "kibana.alert.rule.note", common.note());
        alert.set("kibana.alert.rule.references", parameters.get("references"));
        alert.set("kibana.alert.rule.risk_score_mapping", parameters.get("risk_score_mapping"));
        alert.put("kibana.alert.rule.rule_id", common.ruleId());
        alert.set("kibana.alert.rule.severity_mapping", parameters.get("severity_mapping"));
        ArrayNode tags = alert.putArray("kibana.alert.rule.tags");
        common.tags().forEach(tags::add);
        alert.set("kibana.alert.rule.threat", parameters.get("threat"));
        putIfSet(alert, "kibana.alert.rule.timestamp_override", common.timestampOverride());
        alert.put("kibana.alert.rule.to", common.effectiveTo());
        alert.put("kibana.alert.rule.type", rule.type().apiName());
        alert.put("kibana.alert.rule.uuid", ruleUuid(common.ruleId(), execution.space()));
        alert.set("kibana.alert.rule.version", parameters.get("version"));
        alert.put("kibana.alert.uuid", uuid);
        alert.putArray("kibana.alert.workflow_tags");
        alert.putArray("kibana.alert.workflow_assignee_ids");
        alert.put("kibana.alert.rule.risk_score", common.riskScore());
        alert.put("kibana.alert.rule.severity", common.severity().apiName());
        alert.put("kibana.alert.intended_timestamp", now);
        alert.put("kibana.alert.rule.execution.type", "scheduled");
        // written by the alerting framework around the rule type's executor
        alert.put("kibana.alert.rule.category", RuleParameters.category(rule.type()));
        alert.put("kibana.alert.rule.producer", "siem");
        alert.put("kibana.alert.rule.rule_type_id", RuleParameters.ruleTypeId(rule.type()));
        alert.put("kibana.alert.rule.revision", 0);
        alert.put("kibana.alert.rule.execution.uuid", executionUuid);
        alert.put("kibana.alert.rule.execution.timestamp", now);
        alert.put("kibana.alert.start", now);
        alert.put("kibana.version", execution.engineVersion());
    }

    /**
     * getValidDateFromDoc on @timestamp (build_alert.ts): an ISO date, or epoch milliseconds; written back with
     * milliseconds as Date.toISOString does.
     */
    private static java.util.Optional<Instant> originalTime(JsonNode source) {
        JsonNode value = source.get("@timestamp");
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (value.isNumber()) {
            return java.util.Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        if (!value.isString()) {
            return java.util.Optional.empty();
        }
        String text = value.asString();
        try {
            return java.util.Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // no offset
        }
        try {
            return java.util.Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // not a date-time
        }
        try {
            return java.util.Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void putIfSet(ObjectNode alert, String name, String value) {
        if (value != null) {
            alert.put(name, value);
        }
    }

    /** Source objects become dotted names; arrays of objects are kept whole under their name. */
    static void flatten(String prefix, JsonNode node, ObjectNode into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix + e.getKey() + ".", e.getValue(), into));
            return;
        }
        if (!prefix.isEmpty()) {
            into.set(prefix.substring(0, prefix.length() - 1), node);
        }
    }
}
