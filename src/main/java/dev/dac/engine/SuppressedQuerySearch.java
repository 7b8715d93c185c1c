package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A query rule with alert suppression by group_by: the events grouped in the search itself
 * (query/alert_suppression/group_and_bulk_create.ts, build_group_by_field_aggregation.ts), one alert per group from its
 * earliest event, the events of groups an earlier execution counted left out, written per execution or through the
 * suppression window (see {@link AlertSuppression}).
 */
final class SuppressedQuerySearch {

    private SuppressedQuerySearch() {}

    /** A query rule with group_by: the grouped search, written. */
    static RuleRun execute(Rule rule, KqlNode kql, List<String> index, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        RuleSettings.AlertSuppression suppression = rule.settings().alertSuppression();
        List<String> groupBy = suppression.groupBy();
        TimeRange window = RuleWindows.window(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        String ruleUuid = AlertBuilder.ruleUuid(rule.ruleId(), execution.space());
        String indices = String.join(",", index);
        ObjectNode query = exceptions.appliedTo(KqlRuleQuery.ruleQuery(rule, kql, index, execution));

        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query).add(window.filter());
        bucketHistory(ruleUuid, groupBy, window, execution).ifPresent(filter::add);
        ObjectNode eventGroups = body.putObject("aggs").putObject("eventGroups");
        ObjectNode composite = eventGroups.putObject("composite");
        ArrayNode sources = composite.putArray("sources");
        for (String field : groupBy) {
            ObjectNode terms = sources.addObject().putObject(field).putObject("terms").put("field", field);
            if (suppression.suppressMissing()) {
                terms.put("missing_bucket", true).put("missing_order", "last");
            }
        }
        composite.put("size", maxSignals + 1);
        GroupTimes.request(eventGroups.putObject("aggs"), window, true);
        String request = "group events: POST " + indices + "/_search " + body;
        JsonNode buckets = execution.elasticsearch().search(indices, body).path("aggregations").path("eventGroups")
                .path("buckets");

        AlertBuilder builder = new AlertBuilder(rule, execution);
        List<ObjectNode> written = new ArrayList<>();
        int groups = buckets.size();
        if (!suppression.suppressMissing() && maxSignals - groups > 0) {
            List<ObjectNode> unsuppressed = eventsMissingAField(rule, groupBy, query, window, indices,
                    maxSignals - groups, builder, execution);
            new AlertWriter(execution).write(unsuppressed);
            written.addAll(unsuppressed);
        }
        List<ObjectNode> suppressed = new ArrayList<>();
        for (JsonNode bucket : buckets) {
            GroupTimes times = GroupTimes.read(bucket, window);
            JsonNode hit = times.earliestHit();
            ArrayNode terms = ElasticsearchJson.mapper().createArrayNode();
            bucket.path("key").properties().forEach(e -> terms.addObject().put("field", e.getKey())
                    .set("value", e.getValue()));
            Instant start = times.min() == null ? window.from() : times.min();
            Instant end = times.max() == null ? window.to() : times.max();
            // wrap_suppressed_alerts.ts: the id covers the event, the terms and the group's times
            String hitIndex = hit.path("_index").asString();
            String hitId = hit.path("_id").asString();
            ObjectNode alert = builder.alert(new AlertBuilder.Parent(hitIndex, hitId, hit.path("_source")),
                    builder.ids().forSuppressedGroup(hitIndex, hitId, terms, start, end));
            SuppressionFields.set(alert, terms, AlertIds.suppressedInstance(terms, ruleUuid, execution.space()), start,
                    end, bucket.path("doc_count").asLong() - 1);
            suppressed.add(alert);
        }
        int room = Math.max(0, maxSignals - written.size());
        if (suppression.duration() == null) {
            List<ObjectNode> created = suppressed.subList(0, Math.min(room, suppressed.size()));
            new AlertWriter(execution).write(created);
            written.addAll(created);
        } else {
            Instant windowStart = execution.at().minus(suppression.duration().toDuration());
            written.addAll(new SuppressionWriter(execution).write(ruleUuid, suppressed, windowStart, false, room));
        }
        return new RuleRun(rule.ruleId(), written, request);
    }

    /** bulk_create_unsuppressed_alerts.ts: events lacking a group_by field, oldest first, as ordinary alerts. */
    private static List<ObjectNode> eventsMissingAField(Rule rule, List<String> groupBy, ObjectNode query,
            TimeRange window, String indices, int size, AlertBuilder builder, Execution execution)
            throws IOException {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", size);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query).add(window.filter());
        ObjectNode anyMissing = filter.addObject().putObject("bool");
        ArrayNode should = anyMissing.putArray("should");
        for (String field : groupBy) {
            should.addObject().putObject("bool").putObject("must_not").putObject("exists").put("field", field);
        }
        anyMissing.put("minimum_should_match", 1);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject(window.primaryField()).put("order", "asc").put("unmapped_type", "date");
        if (window.secondaryField() != null) {
            sort.addObject().putObject(window.secondaryField()).put("order", "asc").put("unmapped_type", "date");
        }
        List<ObjectNode> alerts = new ArrayList<>();
        for (JsonNode hit : execution.elasticsearch().search(indices, body).path("hits").path("hits")) {
            // bulk_create_unsuppressed_alerts.ts wraps these as wrap_hits.ts does: the plain event id recipe
            String index = hit.path("_index").asString();
            String id = hit.path("_id").asString();
            alerts.add(builder.alert(new AlertBuilder.Parent(index, id, hit.path("_source")),
                    builder.ids().forEvent(index, id, null)));
        }
        return alerts;
    }

    /**
     * group_and_bulk_create.ts buildBucketHistoryFilter: events of a group an earlier execution alerted on, up to that
     * group's end, are not searched again. Kibana keeps the groups as rule state; dac reads them from the rule's
     * alerts whose end is after the window's start.
     */
    private static java.util.Optional<ObjectNode> bucketHistory(String ruleUuid, List<String> groupBy,
            TimeRange window, Execution execution) throws IOException {
        ObjectNode search = ElasticsearchJson.mapper().createObjectNode();
        search.put("size", 10000);
        search.putObject("query").putObject("term").put("kibana.alert.rule.uuid", ruleUuid);
        Map<String, JsonNode> termsByKey = new LinkedHashMap<>();
        Map<String, Instant> endByKey = new LinkedHashMap<>();
        for (JsonNode hit : execution.elasticsearch().search(execution.alertsIndex(), search).path("hits")
                .path("hits")) {
            JsonNode terms = hit.path("_source").path(SuppressionWriter.TERMS);
            JsonNode end = hit.path("_source").path(SuppressionWriter.END);
            if (!terms.isArray() || !end.isString()) {
                continue;
            }
            Instant endTime = Instant.parse(end.asString());
            if (!endTime.isAfter(window.from())) {
                continue;
            }
            termsByKey.put(terms.toString(), terms);
            endByKey.merge(terms.toString(), endTime, (a, b) -> a.isAfter(b) ? a : b);
        }
        if (termsByKey.isEmpty()) {
            return java.util.Optional.empty();
        }
        ObjectNode history = ElasticsearchJson.mapper().createObjectNode();
        ArrayNode mustNot = history.putObject("bool").putArray("must_not");
        for (Map.Entry<String, JsonNode> group : termsByKey.entrySet()) {
            ObjectNode bool = mustNot.addObject().putObject("bool");
            ArrayNode groupFilter = bool.putArray("filter");
            ArrayNode missing = bool.putArray("must_not");
            for (JsonNode term : group.getValue()) {
                if (term.path("value").isNull()) {
                    missing.addObject().putObject("exists").put("field", term.path("field").asString());
                } else {
                    groupFilter.addObject().putObject("term").set(term.path("field").asString(), term.path("value"));
                }
            }
            groupFilter.add(window.filter(window.from(), endByKey.get(group.getKey())));
        }
        return java.util.Optional.of(history);
    }

}
