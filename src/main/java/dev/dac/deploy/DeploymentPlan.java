package dev.dac.deploy;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a deploy would do, rule by rule. */
public record DeploymentPlan(List<Entry> entries, boolean prune) {

    public DeploymentPlan {
        entries = List.copyOf(entries);
    }

    public enum Action {
        CREATE,
        UPDATE,
        UNCHANGED,
        /** In Kibana, not in the repository, and --prune given. */
        DELETE,
        /** In Kibana, not in the repository; left alone without --prune. */
        KEEP_REMOTE
    }

    /** One field that differs: its value in Kibana, and the value the repository wants (null when absent). */
    public record FieldChange(String field, JsonNode kibana, JsonNode repository) {}

    /** One rule: what happens to it and why; {@code body} is what would be sent (null for delete and keep). */
    public record Entry(String ruleId, String name, Action action, List<FieldChange> changes, ObjectNode body) {
        public Entry {
            changes = List.copyOf(changes);
        }
    }

    public List<Entry> of(Action action) {
        return entries.stream().filter(e -> e.action() == action).toList();
    }

    public boolean changesSomething() {
        return entries.stream().anyMatch(e -> e.action() == Action.CREATE || e.action() == Action.UPDATE
                || e.action() == Action.DELETE);
    }
}
