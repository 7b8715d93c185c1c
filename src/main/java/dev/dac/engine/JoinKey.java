package dev.dac.engine;

import dev.dac.eql.EqlEvaluator;
import dev.dac.eql.EqlNode;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The values of a sequence's or sample's join keys for one event, compared by value: numbers by their decimal value
 * (1 and 1.0 join), text exactly (join keys are case-sensitive), null for an absent optional field.
 */
public record JoinKey(List<String> values) {

    public static final JoinKey NONE = new JoinKey(List.of());

    /** The key of {@code parts}, one JSON value (or null) per key expression. */
    public static JoinKey of(List<JsonNode> parts) {
        List<String> values = new ArrayList<>();
        for (JsonNode part : parts) {
            values.add(canonical(part));
        }
        return new JoinKey(java.util.Collections.unmodifiableList(values));
    }

    /**
     * The join key of {@code source} under the key expressions {@code keys}: each key's first value; null (no key)
     * when a key that is not an optional {@code ?field} has no value, as Elasticsearch joins only on non-null values
     * of required keys.
     */
    public static JoinKey of(List<EqlNode.Expr> keys, JsonNode source, EqlEvaluator evaluator) {
        List<JsonNode> parts = new ArrayList<>();
        for (EqlNode.Expr key : keys) {
            List<Object> values = evaluator.values(key, source);
            if (values.isEmpty()) {
                if (!(key instanceof EqlNode.Field field && field.optional())) {
                    return null;
                }
                parts.add(null);
            } else {
                parts.add(ElasticsearchJson.mapper().valueToTree(values.get(0)));
            }
        }
        return of(parts);
    }

    private static String canonical(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return "n:" + value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (value.isBoolean()) {
            return "b:" + value.asBoolean();
        }
        return "s:" + value.asString();
    }

    @Override
    public String toString() {
        return values.stream().map(v -> v == null ? "null" : v.substring(2)).toList().toString();
    }
}
