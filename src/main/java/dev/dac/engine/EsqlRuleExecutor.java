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
 * merged with the row, with an id derived from _id, _version and _index so overlapping runs do not duplicate. A
 * non-aggregating query without METADATA _id runs too, as in Kibana: each row is an alert of its own, like a row of
 * an aggregating query.
 */
final class EsqlRuleExecutor {

    RuleRun execute(Rule rule, EsqlQueryAnalysis analysis, Execution execution) throws RuleExecutionException, IOException {
        String query = ((TypeFields.EsqlFields) rule.typeFields()).query();
        TimeRange window = RuleWindows.window(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("query", query.stripTrailing() + "\n| limit " + (maxSignals + 1));
        body.set("filter", window.filter());
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
            // esql.ts: a row without _id (an aggregating query, or one without METADATA _id) is an alert of its own
            boolean aboutDocument = !aggregates && row.get("_id") != null && !row.get("_id").isNull();
            alerts.add(aboutDocument ? fromDocument(row, builder, execution, analysis) : builder.fromRow(row));
        }
        return new RuleRun(rule.ruleId(), alerts, "POST /_query " + body);
    }

    private static ObjectNode fromDocument(Map<String, JsonNode> row, AlertBuilder builder, Execution execution,
            EsqlQueryAnalysis analysis) throws IOException, RuleExecutionException {
        JsonNode id = row.get("_id");
        JsonNode index = row.get("_index");
        JsonNode source;
        if (index == null || index.isNull()) {
            // fetch_source_documents.ts: without _index the document is found by its id over the FROM indices
            ObjectNode byId = ElasticsearchJson.mapper().createObjectNode();
            byId.put("size", 1);
            byId.putObject("query").putObject("ids").putArray("values").add(id.asString());
            JsonNode hit = execution.elasticsearch().search(String.join(",", analysis.indexPatterns()), byId)
                    .path("hits").path("hits").path(0);
            if (hit.isMissingNode()) {
                return builder.fromRow(row);
            }
            index = hit.path("_index");
            source = hit.path("_source");
        } else {
            source = execution.elasticsearch().send("GET", "/" + index.asString() + "/_doc/" + id.asString(),
                    null).path("_source");
        }
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
