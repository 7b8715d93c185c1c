package dev.dac.kql;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The few Query DSL shapes the KQL and EQL translators both build: bool clauses and one-key objects. */
public final class QueryDsl {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private QueryDsl() {}

    /** {@code bool.should} of {@code queries} with minimum_should_match 1, as Kibana writes an OR. */
    public static ObjectNode should(List<JsonNode> queries) {
        ObjectNode bool = JSON.objectNode();
        ArrayNode should = bool.putArray("should");
        queries.forEach(should::add);
        bool.put("minimum_should_match", 1);
        return single("bool", bool);
    }

    /** {@code bool.<clause>} holding {@code queries} (filter, must_not, ...). */
    public static ObjectNode bool(String clause, List<JsonNode> queries) {
        ObjectNode bool = JSON.objectNode();
        ArrayNode array = bool.putArray(clause);
        queries.forEach(array::add);
        return single("bool", bool);
    }

    /** {@code {name: body}}. */
    public static ObjectNode single(String name, JsonNode body) {
        ObjectNode root = JSON.objectNode();
        root.set(name, body);
        return root;
    }
}
