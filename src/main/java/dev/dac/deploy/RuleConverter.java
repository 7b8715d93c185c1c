package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a rule file into the rule JSON of Kibana's Detection Engine API (2023-10-31), for create, update and import.
 * The {@code [rule]} table already uses the API's field names; only the new terms table is shaped differently
 * (flattened to new_terms_fields and history_window_start), and [metadata] and [transform] stay in the repository.
 */
public final class RuleConverter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Defaults the API applies when a rule leaves them out; written explicitly so plans compare like with like. */
    static final Map<String, JsonNode> DEFAULTS = Map.ofEntries(
            Map.entry("enabled", JSON.booleanNode(false)),
            Map.entry("version", JSON.numberNode(1)),
            Map.entry("from", JSON.stringNode("now-6m")),
            Map.entry("to", JSON.stringNode("now")),
            Map.entry("interval", JSON.stringNode("5m")),
            Map.entry("max_signals", JSON.numberNode(100)),
            Map.entry("author", JSON.arrayNode()),
            Map.entry("tags", JSON.arrayNode()),
            Map.entry("references", JSON.arrayNode()),
            Map.entry("false_positives", JSON.arrayNode()),
            Map.entry("threat", JSON.arrayNode()),
            Map.entry("risk_score_mapping", JSON.arrayNode()),
            Map.entry("severity_mapping", JSON.arrayNode()),
            Map.entry("exceptions_list", JSON.arrayNode()),
            Map.entry("actions", JSON.arrayNode()),
            Map.entry("related_integrations", JSON.arrayNode()),
            Map.entry("required_fields", JSON.arrayNode()),
            Map.entry("setup", JSON.stringNode("")));

    public ObjectNode toApi(RuleFile file) {
        ObjectNode rule = (ObjectNode) file.document().path("rule").deepCopy();
        JsonNode newTerms = rule.remove("new_terms");
        if (newTerms != null) {
            rule.set("new_terms_fields", newTerms.path("value"));
            rule.set("history_window_start", newTerms.path("history_window_start").path(0).path("value"));
        }
        JsonNode jobId = rule.get("machine_learning_job_id");
        if (jobId != null && jobId.isString()) {
            rule.set("machine_learning_job_id", JSON.arrayNode().add(jobId));
        }
        DEFAULTS.forEach((field, value) -> {
            if (!rule.has(field)) {
                rule.set(field, value.deepCopy());
            }
        });
        return rule;
    }
}
