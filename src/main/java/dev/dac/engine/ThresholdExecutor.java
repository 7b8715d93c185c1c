package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A threshold rule (KQL), as Kibana's threshold executor runs it (threshold/find_threshold_signals.ts,
 * build_threshold_aggregation.ts, bulk_create_threshold_signals.ts): documents in the window grouped by the threshold
 * fields (a paged composite aggregation), one alert per group with at least {@code value} documents and, where
 * cardinality is set, at least that many distinct values of its field; without fields, one alert when the whole window
 * reaches the threshold. Each group becomes a synthetic event (its values, @timestamp the group's latest event) with a
 * uuid v5 id, whose alert holds kibana.alert.threshold_result (terms, count, from: the group's earliest event, and the
 * cardinality), up to max_signals. Earliest and latest are taken over the combined timestamp: the timestamp override
 * where a document has it, else @timestamp (Kibana's kibana.combined_timestamp runtime field; dac aggregates both
 * fields instead, as the local node has no scripting).
 */
final class ThresholdExecutor {

    RuleRun execute(Rule rule, KqlNode kql, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        TypeFields.ThresholdFields threshold = (TypeFields.ThresholdFields) rule.typeFields();
        TimeRange window = RuleWindows.window(rule, execution);
        ObjectNode query = KqlRuleQuery.ruleQuery(rule, kql, threshold.index(), execution);
        String indices = String.join(",", threshold.index());
        List<String> fields = threshold.threshold().field();
        AlertBuilder builder = new AlertBuilder(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        List<ObjectNode> alerts = new ArrayList<>();
        java.util.Optional<ObjectNode> alreadyCounted = ThresholdSignalHistory.read(
                AlertBuilder.ruleUuid(rule.ruleId(), execution.space()), window, execution).exclusion(window);
        String firstRequest = null;
        JsonNode after = null;
        do {
            ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
            body.put("size", 0);
            ObjectNode bool = body.putObject("query").putObject("bool");
            ArrayNode filter = bool.putArray("filter").add(query).add(window.filter());
            alreadyCounted.ifPresent(filter::add);
            exceptions.excludeFrom(bool);
            ObjectNode group = body.putObject("aggs").putObject("groups");
            if (fields.isEmpty()) {
                group.putObject("filter").putObject("match_all");
            } else {
                CompositeAggregation.over(group, fields, after);
            }
            ObjectNode sub = group.putObject("aggs");
            sub.putObject("max_timestamp").putObject("max").put("field", window.primaryField());
            sub.putObject("min_timestamp").putObject("min").put("field", window.primaryField());
            if (window.timestampOverride() != null) {
                // Kibana aggregates on a runtime field kibana.combined_timestamp (the override, else @timestamp);
                // the same minimum and maximum come from the override's plus @timestamp's where it is missing
                ObjectNode fallback = sub.putObject("without_override");
                fallback.putObject("filter").putObject("bool").putObject("must_not").putObject("exists")
                        .put("field", window.timestampOverride());
                ObjectNode times = fallback.putObject("aggs");
                times.putObject("max_timestamp").putObject("max").put("field", "@timestamp");
                times.putObject("min_timestamp").putObject("min").put("field", "@timestamp");
            }
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
                if (alerts.size() < maxSignals && reaches(bucket, threshold)) {
                    alerts.add(alert(builder, rule, execution, window, indices, bucket, threshold));
                }
            }
            after = fields.isEmpty() || aggregation.path("buckets").isEmpty() ? null : aggregation.get("after_key");
        } while (after != null && alerts.size() < maxSignals);
        return new RuleRun(rule.ruleId(), alerts, firstRequest);
    }

    /** The combined timestamp's minimum or maximum ({@code name}) of a group: over the override and the fallback. */
    private static java.util.Optional<java.time.Instant> combined(JsonNode bucket, String name, boolean latest) {
        java.util.Optional<java.time.Instant> best = java.util.Optional.empty();
        for (JsonNode value : List.of(bucket.path(name).path("value_as_string"),
                bucket.path("without_override").path(name).path("value_as_string"))) {
            if (value.isString()) {
                java.time.Instant time = java.time.Instant.parse(value.asString());
                if (best.isEmpty() || (latest ? time.isAfter(best.get()) : time.isBefore(best.get()))) {
                    best = java.util.Optional.of(time);
                }
            }
        }
        return best;
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

    private static ObjectNode alert(AlertBuilder builder, Rule rule, Execution execution, TimeRange window,
            String indices, JsonNode bucket, TypeFields.ThresholdFields threshold) {
        List<String> fields = threshold.threshold().field();
        // transformBucketIntoHit: the synthetic event holds @timestamp (the latest event) and the group's values
        ObjectNode source = ElasticsearchJson.mapper().createObjectNode();
        combined(bucket, "max_timestamp", true).ifPresent(latest -> source.put("@timestamp", KibanaTime.iso(latest)));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            source.set(fields.get(i), CompositeAggregation.key(bucket, i));
            values.add(CompositeAggregation.key(bucket, i).asString());
        }
        String eventId = AlertIds.thresholdBucketId(rule.common().ruleId(), execution.at(), fields, values);
        ObjectNode alert = builder.alert(new AlertBuilder.Parent(indices, eventId, source),
                builder.ids().forEvent(indices, eventId, null));
        ObjectNode result = alert.putObject("kibana.alert.threshold_result");
        if (!threshold.threshold().cardinality().isEmpty()) {
            // Kibana aggregates and reports the first cardinality entry only
            result.putArray("cardinality").addObject().put("field", threshold.threshold().cardinality().get(0).field())
                    .put("value", bucket.path("cardinality_0").path("value").asLong());
        }
        result.put("count", bucket.path("doc_count").asLong());
        result.put("from", KibanaTime.iso(combined(bucket, "min_timestamp", false).orElse(window.from())));
        ArrayNode terms = result.putArray("terms");
        for (int i = 0; i < fields.size(); i++) {
            terms.addObject().put("field", fields.get(i)).set("value", CompositeAggregation.key(bucket, i));
        }
        return alert;
    }
}
