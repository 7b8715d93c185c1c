package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a rule document as TOML laid out like the files of elastic/detection-rules: [metadata] then [rule], plain
 * keys first in name order with the query last, text over several lines as ''' blocks, long lists one item a line,
 * and nested structures as their own tables ([[rule.threat]], [rule.threat.tactic], [rule.new_terms], ...). Exception
 * files take the same layout ([metadata], [[exceptions]], [exceptions.container], [[exceptions.items]]).
 */
final class TomlRuleWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StringBuilder out = new StringBuilder();

    static String write(ObjectNode document) {
        TomlRuleWriter writer = new TomlRuleWriter();
        for (Map.Entry<String, JsonNode> table : document.properties()) {
            if (table.getValue().isObject()) {
                writer.table(table.getKey(), (ObjectNode) table.getValue(), false);
            } else if (isArrayOfTables(table.getValue())) { // an exception file's [[exceptions]]
                for (JsonNode element : table.getValue()) {
                    writer.table(table.getKey(), (ObjectNode) element, true);
                }
            }
        }
        return writer.out.toString();
    }

    private void table(String path, ObjectNode node, boolean arrayElement) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(arrayElement ? "[[" : "[").append(path).append(arrayElement ? "]]" : "]").append('\n');
        List<String> plain = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (String key : node.propertyNames()) {
            JsonNode value = node.get(key);
            if (value.isNull()) {
                continue;
            }
            (isTable(value) || isArrayOfTables(value) ? nested : plain).add(key);
        }
        plain.sort((a, b) -> a.equals("query") ? 1 : b.equals("query") ? -1 : a.compareTo(b));
        for (String key : plain) {
            JsonNode value = node.get(key);
            if (key.equals("query") && plain.size() > 1) {
                out.append('\n');
            }
            out.append(key(key)).append(" = ").append(value(value, "")).append('\n');
        }
        nested.sort(String::compareTo);
        for (String key : nested) {
            JsonNode value = node.get(key);
            String child = path + "." + key(key);
            if (value.isObject()) {
                table(child, (ObjectNode) value, false);
            } else {
                for (JsonNode element : value) {
                    table(child, (ObjectNode) element, true);
                }
            }
        }
    }

    private static boolean isTable(JsonNode value) {
        return value.isObject() && !value.isEmpty();
    }

    private static boolean isArrayOfTables(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static String value(JsonNode value, String indent) {
        if (value.isString()) {
            return text(value.asString(), indent);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(inline(v)));
            String oneLine = "[" + String.join(", ", items) + "]";
            if (oneLine.length() <= 100 && !oneLine.contains("\n")) {
                return oneLine;
            }
            StringBuilder lines = new StringBuilder("[\n");
            for (JsonNode element : value) {
                lines.append(indent).append("    ").append(element.isString() ? text(element.asString(), indent + "    ")
                        : inline(element)).append(",\n");
            }
            return lines.append(indent).append(']').toString();
        }
        return inline(value);
    }

    /** Multi-line text as a literal ''' block where it can be one; anything else as an escaped basic string. */
    private static String text(String text, String indent) {
        boolean literalSafe = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t') && !text.contains("'''")
                && !text.endsWith("'");
        if (text.contains("\n") && literalSafe) {
            return "'''\n" + text + "'''";
        }
        return JSON.writeValueAsString(text);
    }

    /** A value on one line: inline tables for objects, JSON-style escaped strings (valid TOML basic strings). */
    private static String inline(JsonNode value) {
        if (value.isObject()) {
            List<String> pairs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (!field.getValue().isNull()) {
                    pairs.add(key(field.getKey()) + " = " + inline(field.getValue()));
                }
            }
            return pairs.isEmpty() ? "{}" : "{ " + String.join(", ", pairs) + " }";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(inline(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isString()) {
            return JSON.writeValueAsString(value.asString());
        }
        return value.toString();
    }

    private static String key(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : JSON.writeValueAsString(key);
    }
}
