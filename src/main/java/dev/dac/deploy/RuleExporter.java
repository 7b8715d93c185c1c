package dev.dac.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a rule read from Kibana back into a rule file: [metadata] from its timestamps, [rule] without the fields
 * Kibana sets itself or the defaults it fills in, and the new terms fields in the file's table shape. Converting the
 * file again gives the same rule (export and convert round-trip).
 */
public final class RuleExporter {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper NDJSON = JsonMapper.builder().build();
    /** Letters and digits kept of a name: far below any file system's limit, with room for a rule_id suffix. */
    private static final int MAX_STEM = 100;

    public String toToml(JsonNode apiRule) {
        ObjectNode rule = RuleNormalizer.normalize(apiRule);
        RuleConverter.DEFAULTS.forEach((field, value) -> {
            if (value.equals(rule.get(field))) {
                rule.remove(field);
            }
        });
        JsonNode fields = rule.remove("new_terms_fields");
        JsonNode history = rule.remove("history_window_start");
        if (fields != null) {
            ObjectNode newTerms = rule.putObject("new_terms");
            newTerms.put("field", "new_terms_fields");
            newTerms.set("value", fields);
            ObjectNode start = newTerms.putArray("history_window_start").addObject();
            start.put("field", "history_window_start");
            start.set("value", history);
        }
        ObjectNode file = JSON.objectNode();
        ObjectNode metadata = file.putObject("metadata");
        metadata.put("creation_date", date(apiRule.path("created_at").asString(null)));
        metadata.put("updated_date", date(apiRule.path("updated_at").asString(null)));
        metadata.put("maturity", "production");
        file.set("rule", rule);
        return "# Exported from Kibana by dac export.\n" + TomlRuleWriter.write(file);
    }

    /**
     * A file name for the rule: its name in lower case with underscores, as detection-rules names files, or its
     * rule_id the same way when the name has no letter or digit. Only {@code [a-z0-9_]} and at most 100 of them, so
     * whatever Kibana returns (separators, "..", NUL, leading dots, long text) the name stays one plain file name.
     */
    public static String fileName(JsonNode apiRule) {
        String stem = slug(apiRule.path("name"));
        if (stem.isEmpty()) {
            stem = slug(apiRule.path("rule_id"));
        }
        return (stem.isEmpty() ? "rule" : stem) + ".toml";
    }

    /**
     * Distinct file names for {@code rules}, the same whatever order Kibana lists them in: rules that share a name
     * each get their rule_id appended, and a counter follows only if that is shared too.
     */
    public static Map<String, ObjectNode> fileNames(List<ObjectNode> rules) {
        Map<String, List<ObjectNode>> byName = new TreeMap<>();
        rules.forEach(rule -> byName.computeIfAbsent(fileName(rule), n -> new ArrayList<>()).add(rule));
        Map<String, ObjectNode> names = new TreeMap<>();
        byName.forEach((name, sharing) -> {
            if (sharing.size() == 1 && !names.containsKey(name)) {
                names.put(name, sharing.get(0));
                return;
            }
            sharing.sort(Comparator.comparing((ObjectNode r) -> r.path("rule_id").asString(""))
                    .thenComparing(ObjectNode::toString));
            String stem = name.substring(0, name.length() - ".toml".length());
            for (ObjectNode rule : sharing) {
                String ruleId = slug(rule.path("rule_id"));
                String candidate = ruleId.isEmpty() ? stem : stem + "_" + ruleId;
                String unique = candidate + ".toml";
                for (int n = 2; names.containsKey(unique); n++) {
                    unique = candidate + "_" + n + ".toml";
                }
                names.put(unique, rule);
            }
        });
        return names;
    }

    /**
     * The rules of a Kibana {@code _export} answer (ndjson; lines without a rule_id, such as exception lists or the
     * export summary, are not rules). A line that is not a JSON object, or a rule without a text rule_id, is an error
     * naming the line: exporting the rest would silently lose a rule.
     */
    public static List<ObjectNode> rulesOf(String ndjson) throws DeployException {
        List<ObjectNode> rules = new ArrayList<>();
        String[] lines = ndjson.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = NDJSON.readTree(lines[i]);
            } catch (JacksonException e) {
                throw badLine(i + 1, "is not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (!node.isObject()) {
                throw badLine(i + 1, "is not a JSON object");
            }
            if (!node.has("rule_id")) {
                continue;
            }
            if (!node.get("rule_id").isString() || node.get("rule_id").asString().isBlank()) {
                throw badLine(i + 1, "has a rule_id that is not a non-empty text: " + node.get("rule_id"));
            }
            rules.add((ObjectNode) node);
        }
        return rules;
    }

    private static DeployException badLine(int line, String problem) {
        return new DeployException("Kibana's export is broken: line " + line + " " + problem + ". Nothing was"
                + " written. Look at that rule in Kibana (Security > Rules) and fix or re-create it, then export again.");
    }

    static String slug(JsonNode text) {
        String slug = (text.isString() ? text.asString() : "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return slug.length() <= MAX_STEM ? slug : slug.substring(0, MAX_STEM).replaceAll("_+$", "");
    }

    static String date(String timestamp) {
        try {
            return DATE.format(timestamp == null ? Instant.now() : Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return DATE.format(Instant.now());
        }
    }
}
