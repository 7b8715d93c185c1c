package dev.dac.kql;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The values a document holds for a dotted field name, however its source writes them: nested objects
 * ({@code {"source":{"ip":...}}}), dotted keys ({@code {"source.ip":...}}) or a mix, with arrays flattened.
 */
public final class DocumentValues {

    private DocumentValues() {}

    /** The non-null leaf values of {@code field} (objects and arrays taken apart). */
    public static List<JsonNode> leaves(JsonNode doc, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode value : of(doc, field)) {
            flatten(value, out);
        }
        return out;
    }

    private static void flatten(JsonNode value, List<JsonNode> out) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isObject()) {
            return;
        }
        if (value.isArray()) {
            value.forEach(v -> flatten(v, out));
            return;
        }
        out.add(value);
    }

    /** Every node found at {@code field}: arrays of objects are followed into each object. */
    public static List<JsonNode> of(JsonNode doc, String field) {
        List<JsonNode> out = new ArrayList<>();
        collect(doc, field, out);
        return out;
    }

    private static void collect(JsonNode node, String path, List<JsonNode> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, path, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.has(path)) {
            JsonNode value = node.get(path);
            if (value.isArray()) {
                value.forEach(out::add);
            } else {
                out.add(value);
            }
        }
        // try every split of the dotted path: "a.b.c" can be a → "b.c" or "a.b" → "c"
        int dot = path.indexOf('.');
        while (dot > 0) {
            String head = path.substring(0, dot);
            if (node.has(head)) {
                collect(node.get(head), path.substring(dot + 1), out);
            }
            dot = path.indexOf('.', dot + 1);
        }
    }
}
