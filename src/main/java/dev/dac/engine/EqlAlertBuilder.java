package dev.dac.engine;

import dev.dac.rule.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alerts of an EQL rule as Kibana's detection engine writes them: one alert per event for an event query; for a
 * sequence (or sample), one building-block alert per member event and a shell alert that groups them. Follows
 * Kibana's {@code rule_types/eql/build_alert_group_from_sequence.ts}, {@code factories/utils/build_alert.ts} and
 * {@code generate_building_block_ids.ts}.
 */
public final class EqlAlertBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AlertBuilder alerts;
    private final String ruleUuid;

    public EqlAlertBuilder(Rule rule, Execution execution) {
        this.alerts = new AlertBuilder(rule, execution);
        this.ruleUuid = AlertBuilder.ruleUuid(rule.common().ruleId(), execution.space());
    }

    /**
     * The alert of an event query's hit, with the id {@code wrap_hits.ts} gives it (generateId of index, id, version and
     * space:rule). An EQL response carries no _version, so it hashes as "undefined", as in Kibana.
     */
    public ObjectNode fromEvent(EventHit hit) {
        return alerts.alert(new AlertBuilder.Parent(hit.index(), hit.id(), hit.source()),
                alerts.ids().forEvent(hit.index(), hit.id(), null));
    }

    /**
     * The alerts of one sequence, shell last: each member becomes a building block ({@code building_block_type:
     * default}, its position as {@code kibana.alert.group.index}), all sharing the shell's id as group id.
     */
    public List<ObjectNode> fromSequence(List<EventHit> events) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (EventHit event : events) {
            blocks.add(fromEvent(event));
        }
        // a block's id hashes the ancestors of every block, so an event in two sequences gets two blocks
        StringBuilder base = new StringBuilder();
        for (ObjectNode block : blocks) {
            base.append(ancestry(block.get("kibana.alert.ancestors"))).append(ruleUuid);
        }
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).put("kibana.alert.uuid", AlertIds.sha256(base + String.valueOf(i)));
        }
        ObjectNode shell = shell(blocks);
        String groupId = shell.get("kibana.alert.uuid").asString();
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode block = blocks.get(i);
            block.put("kibana.alert.building_block_type", "default");
            block.put("kibana.alert.group.id", groupId);
            block.put("kibana.alert.group.index", i);
        }
        List<ObjectNode> out = new ArrayList<>(blocks);
        out.add(shell);
        return out;
    }

    /**
     * The shell: the fields every block agrees on (Kibana's objectArrayIntersection), the alert fields of the rule,
     * and as ancestors each block's ancestors followed by the block itself (a signal at depth 1).
     */
    private ObjectNode shell(List<ObjectNode> blocks) {
        ObjectNode shell = intersection(blocks);
        ArrayNode ancestors = JSON.arrayNode();
        for (ObjectNode block : blocks) {
            block.get("kibana.alert.ancestors").forEach(ancestors::add);
            ObjectNode parent = ancestors.addObject();
            parent.put("id", block.get("kibana.alert.uuid").asString());
            parent.put("type", "signal");
            parent.put("index", "");
            parent.put("depth", block.path("kibana.alert.depth").asInt(1));
            parent.put("rule", ruleUuid);
        }
        String uuid = AlertIds.sha256(ancestry(ancestors) + ruleUuid);
        alerts.describeAssembled(shell, uuid);
        shell.set("kibana.alert.ancestors", ancestors);
        shell.put("kibana.alert.depth", 2);
        // build_alert.ts takes the original time from the first parent's @timestamp, the block's own time
        shell.set("kibana.alert.original_time", blocks.get(0).get("@timestamp"));
        shell.put("kibana.alert.group.id", uuid);
        return shell;
    }

    /** Fields with equal values in every block; arrays keep the elements they share, as lodash's intersection. */
    static ObjectNode intersection(List<ObjectNode> blocks) {
        ObjectNode merged = blocks.get(0).deepCopy();
        for (ObjectNode other : blocks.subList(1, blocks.size())) {
            for (String field : List.copyOf(merged.propertyNames())) {
                JsonNode mine = merged.get(field);
                JsonNode theirs = other.get(field);
                JsonNode common = theirs == null ? null : common(mine, theirs);
                if (common == null) {
                    merged.remove(field);
                } else {
                    merged.set(field, common);
                }
            }
        }
        return merged;
    }

    private static JsonNode common(JsonNode a, JsonNode b) {
        if (!a.isArray() && !b.isArray()) {
            return a.equals(b) ? a : null;
        }
        Set<JsonNode> theirs = new LinkedHashSet<>();
        (b.isArray() ? b : JSON.arrayNode().add(b)).forEach(theirs::add);
        ArrayNode shared = JSON.arrayNode();
        // objects never compare equal in lodash (by reference), so only scalar elements survive
        Set<JsonNode> seen = new LinkedHashSet<>();
        (a.isArray() ? a : JSON.arrayNode().add(a)).forEach(element -> {
            if (!element.isContainer() && theirs.contains(element) && seen.add(element)) {
                shared.add(element);
            }
        });
        return shared;
    }

    private static String ancestry(JsonNode ancestors) {
        StringBuilder out = new StringBuilder();
        for (JsonNode ancestor : ancestors) {
            out.append(ancestor.path("id").asString()).append(ancestor.path("index").asString());
        }
        return out.toString();
    }
}
