package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The text clean-up detection-rules applies to a rule before sending it, so a TOML string written over several lines
 * reaches Kibana as detection-rules would send it. Follows elastic/detection-rules
 * {@code detection_rules/rule_formatter.py} ({@code nested_normalize}, {@code cleanup_whitespace}) and
 * {@code detection_rules/rule.py} ({@code process_transforms}, {@code render_investigate_osquery_to_string}).
 */
final class ApiText {

    /** Markdown fields keep their newlines and spacing ({@code definitions.Markdown} in BaseRuleData). */
    static final Set<String> MARKDOWN_FIELDS = Set.of("note", "setup");

    private ApiText() {}

    /**
     * Every string in the rule, at any depth, becomes its stripped lines joined by single spaces; values under a
     * {@code query} key are left alone, and Markdown fields are kept as written. Strings inside lists are cleaned
     * even under a Markdown key, as detection-rules does.
     */
    static JsonNode normalize(JsonNode value, boolean keep) {
        if (value.isString()) {
            return keep ? value : JsonNodeFactory.instance.stringNode(cleanupWhitespace(value.asString()));
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> out.add(normalize(item, false)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(field -> {
                String key = field.getKey();
                out.set(key, key.equals("query") ? field.getValue()
                        : normalize(field.getValue(), MARKDOWN_FIELDS.contains(key)));
            });
            return out;
        }
        return value;
    }

    /** {@code " ".join(line.strip() for line in val.strip().splitlines())} with Python's whitespace and line ends. */
    static String cleanupWhitespace(String text) {
        List<String> lines = splitLines(pythonStrip(text));
        List<String> stripped = new ArrayList<>(lines.size());
        lines.forEach(line -> stripped.add(pythonStrip(line)));
        return String.join(" ", stripped);
    }

    /** Python's {@code str.splitlines()}: \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029; no trailing empty. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineBreak(c)) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85
                || c == 0x2028 || c == 0x2029;
    }

    /** Python's {@code str.strip()}: removes Unicode whitespace (str.isspace) from both ends. */
    static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    /**
     * The note with {@code $osquery_N} and {@code $investigate_N} replaced by the Kibana markdown plugin text
     * {@code !{osquery{...}}} / {@code !{investigate{...}}} (entry N of [transform], as compact JSON with sorted keys).
     * Substitution is Python's {@code string.Template.safe_substitute}: {@code $name} and {@code ${name}} of a known
     * name are replaced, unknown names stay, and {@code $$} becomes {@code $}.
     */
    static String renderTransforms(String note, JsonNode transform) {
        Map<String, String> rendered = new java.util.HashMap<>();
        for (String plugin : List.of("osquery", "investigate")) {
            JsonNode entries = transform.path(plugin);
            for (int i = 0; i < entries.size(); i++) {
                rendered.put(plugin + "_" + i, "!{" + plugin + PythonJson.dumpsCompact(entries.get(i)) + "}");
            }
        }
        return safeSubstitute(note, rendered);
    }

    /** string.Template's pattern: $$, $identifier, ${identifier} (identifiers ASCII, matched case-insensitively). */
    private static final Pattern TEMPLATE = Pattern.compile(
            "\\$(?:(\\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\\{([_a-zA-Z][_a-zA-Z0-9]*)\\}|())");

    static String safeSubstitute(String template, Map<String, String> values) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(3);
                replacement = name != null && values.containsKey(name) ? values.get(name) : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
