package dev.dac.engine;

import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ES|QL rule: the query with a limit of max_signals + 1 and the window as a Query DSL filter. An aggregating query
 * (STATS) raises one alert per row holding its columns; a non-aggregating one raises an alert per document, its source
 * merged with the row, with an id derived from _id, _version and _index so overlapping runs do not duplicate.
 */
final class EsqlRuleExecutor {

    RuleRun execute(Rule rule, EsqlQueryAnalysis analysis, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        String query = ((TypeFields.EsqlFields) rule.typeFields()).query();
        TimeRange window = RuleWindows.window(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("query", query.stripTrailing() + "\n| limit " + (maxSignals + 1));
        // Kibana's ES|QL request filter: the time range and the rule's filters with the exceptions as a must_not
        // (build_esql_search_request.ts), so excluded documents never reach the query's FROM
        ObjectNode filter = body.putObject("filter");
        ObjectNode bool = filter.putObject("bool");
        bool.putArray("filter").add(window.filter());
        exceptions.excludeFrom(bool);
        JsonNode response;
        try {
            response = execution.elasticsearch().send("POST", "/_query?format=json", body);
        } catch (ElasticsearchJson.RequestFailed e) {
            throw new RuleExecutionException("Elasticsearch refused the ES|QL query (" + e.status() + "): "
                    + e.getMessage(), e);
        }
        List<String> columns = new ArrayList<>();
        response.path("columns").forEach(c -> columns.add(c.path("name").asString()));
        boolean aggregates = analysis.aggregates();
        AlertBuilder builder = new AlertBuilder(rule, execution);
        List<ObjectNode> alerts = new ArrayList<>();
        for (JsonNode values : response.path("values")) {
            if (alerts.size() == maxSignals) {
                break;
            }
            Map<String, JsonNode> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), values.path(i));
            }
            alerts.add(aggregates ? builder.fromRow(row) : fromDocument(row, builder, execution));
        }
        return new RuleRun(rule.ruleId(), alerts, "POST /_query " + body);
    }

    private static ObjectNode fromDocument(Map<String, JsonNode> row, AlertBuilder builder, Execution execution)
            throws IOException, RuleExecutionException {
        JsonNode id = row.get("_id");
        JsonNode index = row.get("_index");
        if (id == null || index == null) {
            throw new RuleExecutionException("the query does not aggregate but returns no _id and _index; add"
                    + " METADATA _id, _version, _index to its FROM and keep those columns");
        }
        JsonNode source = execution.elasticsearch().send("GET", "/" + index.asString() + "/_doc/" + id.asString(),
                null).path("_source");
        ObjectNode merged = source.isObject() ? ((ObjectNode) source).deepCopy()
                : ElasticsearchJson.mapper().createObjectNode();
        row.forEach((column, value) -> {
            if (!column.startsWith("_") && !value.isNull()) {
                merged.set(column, value);
            }
        });
        JsonNode version = row.get("_version");
        return builder.fromEvent(index.asString(), id.asString(), merged, List.of(id.asString(),
                version == null ? "" : version.asString(), index.asString()));
    }
}
