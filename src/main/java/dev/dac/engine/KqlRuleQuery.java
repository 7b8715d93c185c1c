package dev.dac.engine;

import dev.dac.fields.FieldMap;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlTranslator;
import dev.dac.kql.QueryFilters;
import dev.dac.rule.Rule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rule's KQL as the detection engine runs it: translated with the field types of the indices it searches, read from
 * their live mappings as Kibana's data view would, with the rule's filters added. The query comes parsed, as
 * validation parsed it.
 */
final class KqlRuleQuery {

    private KqlRuleQuery() {}

    /** The rule's query as its executor searches with it: the KQL with the rule's filters around it. */
    static ObjectNode ruleQuery(Rule rule, KqlNode kql, List<String> indices, Execution execution)
            throws IOException, RuleExecutionException {
        try {
            return new QueryFilters(rule.settings().filters()).around(translate(kql, indices, execution));
        } catch (QueryFilters.InvalidFilterException e) {
            throw new RuleExecutionException("the rule's " + e.getMessage());
        }
    }

    private static ObjectNode translate(KqlNode kql, List<String> indices, Execution execution) throws IOException {
        FieldMap fields = FieldMap.EMPTY;
        JsonNode mappings = execution.elasticsearch().send("GET", "/" + String.join(",", indices)
                + "/_mapping?ignore_unavailable=true&allow_no_indices=true", null);
        for (Map.Entry<String, JsonNode> index : mappings.properties()) {
            fields = fields.merge(FieldMap.fromMapping(index.getValue().path("mappings")));
        }
        return new KqlTranslator(fields).translate(kql);
    }
}
