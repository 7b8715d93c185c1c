package dev.dac.deploy;

import dev.dac.rule.ExceptionList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a deploy would do to the repository's exception lists in Kibana, list by list and item by item. Lists only in
 * Kibana are not touched; items only in Kibana within a list the repository holds are kept unless pruned.
 */
public record ExceptionListPlan(List<ListEntry> lists, boolean prune) {

    public ExceptionListPlan {
        lists = List.copyOf(lists);
    }

    public enum Action {
        CREATE,
        UPDATE,
        UNCHANGED,
        /** An item in Kibana that the repository's list does not have, and --prune given. */
        DELETE,
        /** An item in Kibana that the repository's list does not have; left alone without --prune. */
        KEEP_REMOTE
    }

    /** One item: what happens to it, the fields that differ, the body to send, and Kibana's copy (null if none). */
    public record ItemEntry(String itemId, String name, Action action, List<String> changedFields, ObjectNode body,
            ObjectNode kibana) {
        public ItemEntry {
            changedFields = List.copyOf(changedFields);
        }
    }

    /**
     * One list: what happens to its container (and the fields that differ), the body to send, the id Kibana gave it
     * (null until it exists), and its items.
     */
    public record ListEntry(ExceptionList.Key key, String name, Action action, List<String> changedFields,
            ObjectNode body, String kibanaId, List<ItemEntry> items) {
        public ListEntry {
            changedFields = List.copyOf(changedFields);
            items = List.copyOf(items);
        }

        public boolean changesSomething() {
            return action != Action.UNCHANGED || items.stream().anyMatch(i -> i.action() == Action.CREATE
                    || i.action() == Action.UPDATE || i.action() == Action.DELETE);
        }
    }

    public boolean changesSomething() {
        return lists.stream().anyMatch(ListEntry::changesSomething);
    }

    /** The ids Kibana holds for the lists that exist there, by list_id and namespace_type. */
    public Map<ExceptionList.Key, String> kibanaIds() {
        Map<ExceptionList.Key, String> ids = new LinkedHashMap<>();
        lists.stream().filter(l -> l.kibanaId() != null).forEach(l -> ids.put(l.key(), l.kibanaId()));
        return ids;
    }
}
