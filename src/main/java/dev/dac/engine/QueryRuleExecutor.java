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
        bool.putArray("filter").add(KqlRuleQuery.translate(kql, index, execution)).add(window.filter());
        exceptions.excludeFrom(bool);
        body.putArray("sort").addObject().putObject(window.primaryField()).put("order", "asc")
                .put("unmapped_type", "date");
        JsonNode response = execution.elasticsearch().search(String.join(",", index), body);
        AlertBuilder alerts = new AlertBuilder(rule, execution);
        List<ObjectNode> built = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            built.add(alerts.fromEvent(hit.path("_index").asString(), hit.path("_id").asString(), hit.path("_source"),
                    List.of(hit.path("_index").asString(), hit.path("_id").asString())));
        }
        return new RuleRun(rule.ruleId(), built, body.toString());
    }
}
