package dev.dac.deploy;

import dev.dac.rule.ExceptionList;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rule's exceptions_list names each list by the id Kibana gave it; a repository cannot know that id before the list
 * exists. As Kibana's own rule import does, dac writes the id Kibana holds for each list (found by list_id and
 * namespace_type) into the rule body it sends.
 */
public final class ExceptionListIds {

    private ExceptionListIds() {}

    public static void rewrite(ObjectNode rule, Map<ExceptionList.Key, String> ids) {
        JsonNode references = rule.path("exceptions_list");
        for (JsonNode reference : references) {
            ExceptionList.Key key = new ExceptionList.Key(reference.path("list_id").asString(""),
                    reference.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE));
            String id = ids.get(key);
            if (id != null && reference instanceof ObjectNode object) {
                object.put("id", id);
            }
        }
    }

    /** The lists of {@code keys} that {@code rule} references (by list_id and namespace_type). */
    public static java.util.List<ExceptionList.Key> referenced(ObjectNode rule, java.util.Set<ExceptionList.Key> keys) {
        java.util.List<ExceptionList.Key> found = new java.util.ArrayList<>();
        for (JsonNode reference : rule.path("exceptions_list")) {
            ExceptionList.Key key = new ExceptionList.Key(reference.path("list_id").asString(""),
                    reference.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE));
            if (keys.contains(key)) {
                found.add(key);
            }
        }
        return found;
    }
}
