package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A threshold rule (KQL): documents in the window grouped by the threshold fields (a paged composite aggregation),
 * one alert per group with at least {@code value} documents and, where cardinality is set, at least that many distinct
 * values of its field; without fields, one alert when the whole window reaches the threshold. The alert holds the
 * group's values and kibana.alert.threshold_result (terms, count, from), up to max_signals.
 */
final class ThresholdExecutor {

    RuleRun execute(Rule rule, KqlNode kql, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        TypeFields.ThresholdFields threshold = (TypeFields.ThresholdFields) rule.typeFields();
        TimeRange window = RuleWindows.window(rule, execution);
        ObjectNode query = KqlRuleQuery.translate(kql, threshold.index(), execution);
        String indices = String.join(",", threshold.index());
        List<String> fields = threshold.threshold().field();
        AlertBuilder builder = new AlertBuilder(rule, execution);
        List<ObjectNode> alerts = new ArrayList<>();
        String firstRequest = null;
        JsonNode after = null;
        do {
            ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
            body.put("size", 0);
            ObjectNode bool = body.putObject("query").putObject("bool");
            bool.putArray("filter").add(query).add(window.filter());
            exceptions.excludeFrom(bool);
            ObjectNode group = body.putObject("aggs").putObject("groups");
            if (fields.isEmpty()) {
                group.putObject("filter").putObject("match_all");
            } else {
                CompositeAggregation.over(group, fields, after);
            }
            ObjectNode sub = group.putObject("aggs");
            sub.putObject("first_seen").putObject("min").put("field", window.primaryField());
            sub.putObject("first_seen_timestamp").putObject("min").put("field", "@timestamp");
            for (int i = 0; i < threshold.threshold().cardinality().size(); i++) {
                sub.putObject("cardinality_" + i).putObject("cardinality")
                        .put("field", threshold.threshold().cardinality().get(i).field());
            }
            if (firstRequest == null) {
                firstRequest = "POST " + indices + "/_search " + body;
            }
            JsonNode aggregation = execution.elasticsearch().search(indices, body).path("aggregations").path("groups");
            List<JsonNode> buckets = new ArrayList<>();
            if (fields.isEmpty()) {
                buckets.add(aggregation);
            } else {
                aggregation.path("buckets").forEach(buckets::add);
            }
            for (JsonNode bucket : buckets) {
                if (alerts.size() < rule.common().effectiveMaxSignals() && reaches(bucket, threshold)) {
                    alerts.add(alert(builder, bucket, fields));
                }
            }
            after = fields.isEmpty() || aggregation.path("buckets").isEmpty() ? null : aggregation.get("after_key");
        } while (after != null && alerts.size() < rule.common().effectiveMaxSignals());
        return new RuleRun(rule.ruleId(), alerts, firstRequest);
    }

    private static boolean reaches(JsonNode bucket, TypeFields.ThresholdFields threshold) {
        if (bucket.path("doc_count").asLong() < threshold.threshold().value()) {
            return false;
        }
        for (int i = 0; i < threshold.threshold().cardinality().size(); i++) {
            if (bucket.path("cardinality_" + i).path("value").asLong() < threshold.threshold().cardinality().get(i)
                    .value()) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode alert(AlertBuilder builder, JsonNode bucket, List<String> fields) {
        Map<String, JsonNode> row = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            row.put(fields.get(i), CompositeAggregation.key(bucket, i));
        }
        ObjectNode alert = builder.fromRow(row);
        JsonNode first = bucket.path("first_seen").path("value_as_string");
        if (!first.isString()) {
            first = bucket.path("first_seen_timestamp").path("value_as_string");
        }
        ObjectNode result = alert.putObject("kibana.alert.threshold_result");
        ArrayNode terms = result.putArray("terms");
        for (int i = 0; i < fields.size(); i++) {
            terms.addObject().put("field", fields.get(i)).set("value", CompositeAggregation.key(bucket, i));
        }
        result.put("count", bucket.path("doc_count").asLong());
        if (first.isString()) {
            result.put("from", first.asString());
            alert.put("kibana.alert.original_time", first.asString());
        }
        return alert;
    }
}
