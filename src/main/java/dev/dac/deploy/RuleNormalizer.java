package dev.dac.deploy;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings a rule from the repository and the same rule read from Kibana to one shape, so a plan shows only real
 * differences: fields Kibana adds itself (ids, timestamps, revision, execution data) are dropped, and the API's
 * defaults are filled in on both sides.
 */
public final class RuleNormalizer {

    /** Fields Kibana sets itself; a repository never owns them. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "created_at", "created_by", "updated_at", "updated_by",
            "revision", "immutable", "rule_source", "execution_summary", "output_index", "namespace", "meta",
            "response_actions", "investigation_fields_source");

    private RuleNormalizer() {}

    public static ObjectNode normalize(JsonNode rule) {
        ObjectNode normalized = (ObjectNode) rule.deepCopy();
        SERVER_FIELDS.forEach(normalized::remove);
        RuleConverter.DEFAULTS.forEach((field, value) -> {
            if (!normalized.has(field) || normalized.get(field).isNull()) {
                normalized.set(field, value.deepCopy());
            }
        });
        return normalized;
    }
}
