package dev.dac.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The suppression fields Kibana puts on an alert (utils/suppression_utils.ts getSuppressionTerms and
 * getSuppressionAlertFields; query/alert_suppression/wrap_suppressed_alerts.ts): {@code kibana.alert.suppression.terms}
 * as {@code [{field, value}]} in group_by order (array values sorted, a missing field null), {@code start},
 * {@code end}, {@code docs_count} (the events suppressed into the alert, not counting its own), and
 * {@code kibana.alert.instance.id}, the same for every alert of the group, rule and space.
 */
final class SuppressionFields {

    private SuppressionFields() {}

    /** The terms of {@code groupBy} read from an alert's (flattened) fields. */
    static ArrayNode terms(List<String> groupBy, ObjectNode fields) {
        ArrayNode terms = JsonNodeFactory.instance.arrayNode();
        for (String field : groupBy) {
            JsonNode value = fields.get(field);
            ObjectNode term = terms.addObject().put("field", field);
            if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
                term.putNull("value");
            } else if (value.isArray()) {
                List<JsonNode> sorted = new ArrayList<>();
                value.forEach(sorted::add);
                sorted.sort(Comparator.comparing((JsonNode v) -> v.isNumber() ? 0 : 1)
                        .thenComparing(v -> v.isNumber() ? v.decimalValue() : java.math.BigDecimal.ZERO)
                        .thenComparing((JsonNode v) -> v.asString()));
                term.putArray("value").addAll(sorted);
            } else {
                term.set("value", value);
            }
        }
        return terms;
    }

    /** Whether every term has a value (missing_fields_strategy doNotSuppress leaves the others unsuppressed). */
    static boolean complete(ArrayNode terms) {
        for (JsonNode term : terms) {
            if (term.path("value").isNull()) {
                return false;
            }
        }
        return true;
    }

    /** Sets the suppression fields on {@code alert}; {@code instanceId} comes from {@link AlertIds}. */
    static void set(ObjectNode alert, ArrayNode terms, String instanceId, Instant start, Instant end,
            long docsCount) {
        alert.put(SuppressionWriter.INSTANCE_ID, instanceId);
        alert.set(SuppressionWriter.TERMS, terms);
        alert.put(SuppressionWriter.START, KibanaTime.iso(start));
        alert.put(SuppressionWriter.END, KibanaTime.iso(end));
        alert.put(SuppressionWriter.DOCS_COUNT, docsCount);
    }
}
