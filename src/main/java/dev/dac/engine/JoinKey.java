package dev.dac.engine;

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
