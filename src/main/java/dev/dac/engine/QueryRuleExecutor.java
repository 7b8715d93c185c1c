package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A KQL query rule: every matching document in the window becomes an alert, oldest first, up to max_signals. */
final class QueryRuleExecutor {

    RuleRun execute(Rule rule, KqlNode kql, List<String> index, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        TimeRange window = RuleWindows.window(rule, execution);
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", rule.common().effectiveMaxSignals());
        ObjectNode bool = body.putObject("query").putObject("bool");
        bool.putArray("filter").add(KqlRuleQuery.ruleQuery(rule, kql, index, execution)).add(window.filter());
        exceptions.excludeFrom(bool);
        tools.jackson.databind.node.ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject(window.primaryField()).put("order", "asc").put("unmapped_type", "date");
        if (window.secondaryField() != null) {
            // build_events_query.ts sorts by the secondary timestamp after the primary
            sort.addObject().putObject(window.secondaryField()).put("order", "asc").put("unmapped_type", "date");
        }
        JsonNode response = execution.elasticsearch().search(String.join(",", index), body);
        AlertBuilder alerts = new AlertBuilder(rule, execution);
        List<ObjectNode> built = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            String hitIndex = hit.path("_index").asString();
            String id = hit.path("_id").asString();
            built.add(alerts.alert(new AlertBuilder.Parent(hitIndex, id, hit.path("_source")),
                    alerts.ids().forEvent(hitIndex, id, null)));
        }
        return new RuleRun(rule.ruleId(), built, body.toString());
    }
}
