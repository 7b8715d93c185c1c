package dev.dac.engine;

import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ES|QL rule as Kibana's ES|QL executor runs it (esql/esql.ts, build_esql_search_request.ts): the query with
 * {@code | limit size + 1} and the window as a Query DSL filter, size starting at max_signals. An aggregating query
 * (STATS) raises one alert per row holding its columns; a non-aggregating one an alert per document, its source merged
 * with the row. ES|QL has no paging, so when the rows map to alerts that already exist Kibana asks again with
 * max_signals more rows, skipping the rows it has handled, until max_signals alerts are new, the rows run out, or the
 * size passes three times max_signals; dac does the same, checking the alerts index for existing ids. A
 * non-aggregating query without METADATA _id runs too, as in Kibana: each row is an alert of its own, like a row of an
 * aggregating query.
 */
final class EsqlRuleExecutor {

    RuleRun execute(Rule rule, EsqlQueryAnalysis analysis, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        String query = ((TypeFields.EsqlFields) rule.typeFields()).query();
        TimeRange window = RuleWindows.window(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        int circuitBreaker = maxSignals * 3; // ESQL_PAGE_SIZE_CIRCUIT_BREAKER
        boolean aggregates = analysis.aggregates();
        AlertBuilder builder = new AlertBuilder(rule, execution);
        List<ObjectNode> alerts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> requests = new ArrayList<>();
        int created = 0;
        int size = maxSignals;
        while (created <= maxSignals && size <= circuitBreaker) {
            ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
            body.put("query", query.stripTrailing() + "\n| limit " + (size + 1));
            // Kibana's ES|QL request filter: the time range with the exceptions as a must_not
            // (build_esql_search_request.ts), so excluded documents never reach the query's FROM
            body.set("filter", exceptions.appliedTo(window.filter()));
            requests.add("POST /_query " + body);
            JsonNode response;
            try {
                response = execution.elasticsearch().send("POST", "/_query?format=json&drop_null_columns=true", body);
            } catch (ElasticsearchJson.RequestFailed e) {
                throw new RuleExecutionException("Elasticsearch refused the ES|QL query (" + e.status() + "): "
                        + e.getMessage(), e);
            }
            List<String> columns = new ArrayList<>();
            response.path("columns").forEach(c -> columns.add(c.path("name").asString()));
            JsonNode values = response.path("values");
            List<ObjectNode> page = new ArrayList<>();
            for (int r = size - maxSignals; r < values.size(); r++) {
                Map<String, JsonNode> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), values.path(r).path(i));
                }
                // the row's position within this page of results is part of an aggregating alert's id
                int position = r - (size - maxSignals);
                // esql.ts: a row without _id (an aggregating query, or one without METADATA _id) is an alert of its own
                boolean aboutDocument = !aggregates && row.get("_id") != null && !row.get("_id").isNull();
                String rowId = builder.ids().forEsqlRow(window, query, position);
                ObjectNode alert = aboutDocument ? fromDocument(row, builder, execution, analysis, rowId)
                        : builder.fromRow(row, rowId);
                if (page.stream().noneMatch(a -> a.get("kibana.alert.uuid").equals(alert.get("kibana.alert.uuid")))) {
                    page.add(alert); // uniqBy id (wrap_esql_alerts.ts)
                }
            }
            Set<String> existing = existing(page, execution);
            int room = maxSignals - created;
            int fresh = 0;
            boolean truncated = false;
            for (ObjectNode alert : page) {
                String uuid = alert.get("kibana.alert.uuid").asString();
                boolean isNew = !existing.contains(uuid) && !seen.contains(uuid);
                if (isNew && fresh == room) {
                    truncated = true;
                    continue;
                }
                if (isNew) {
                    fresh++;
                    seen.add(uuid);
                    alerts.add(alert);
                } else if (requests.size() == 1 && seen.add(uuid)) {
                    alerts.add(alert); // the first page's duplicates are reported too (the writer skips them)
                }
            }
            created += fresh;
            if (truncated || values.size() < size) {
                break;
            }
            size += maxSignals;
        }
        return new RuleRun(rule.ruleId(), alerts, String.join("\n", requests));
    }

    /** The ids among {@code alerts} that the space's alerts index already holds (as _id or kibana.alert.uuid). */
    private static Set<String> existing(List<ObjectNode> alerts, Execution execution) throws IOException {
        Set<String> found = new HashSet<>();
        if (alerts.isEmpty()) {
            return found;
        }
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", alerts.size() * 2);
        body.put("_source", false);
        body.putArray("docvalue_fields").add("kibana.alert.uuid");
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode ids = bool.putArray("should").addObject().putObject("ids").putArray("values");
        ArrayNode uuids = ((ArrayNode) bool.get("should")).addObject().putObject("terms").putArray("kibana.alert.uuid");
        alerts.forEach(a -> {
            ids.add(a.get("kibana.alert.uuid").asString());
            uuids.add(a.get("kibana.alert.uuid").asString());
        });
        for (JsonNode hit : execution.elasticsearch().search(execution.alertsIndex(), body).path("hits").path("hits")) {
            found.add(hit.path("_id").asString());
            hit.path("fields").path("kibana.alert.uuid").forEach(v -> found.add(v.asString()));
        }
        return found;
    }

    private static ObjectNode fromDocument(Map<String, JsonNode> row, AlertBuilder builder, Execution execution,
            EsqlQueryAnalysis analysis, String rowId) throws IOException, RuleExecutionException {
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
                return builder.fromRow(row, rowId);
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
        return builder.alert(new AlertBuilder.Parent(index.asString(), id.asString(), merged),
                builder.ids().forEsqlDocument(id.asString(), index.asString()));
    }
}
