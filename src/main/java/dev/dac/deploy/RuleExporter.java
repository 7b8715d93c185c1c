package dev.dac.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
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

    /** A file name for the rule: its name in lower case with underscores, as detection-rules names files. */
    public static String fileName(JsonNode apiRule) {
        String name = apiRule.path("name").asString("rule").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return (name.isEmpty() ? apiRule.path("rule_id").asString() : name) + ".toml";
    }

    private static String date(String timestamp) {
        try {
            return DATE.format(timestamp == null ? Instant.now() : Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return DATE.format(Instant.now());
        }
    }
}
