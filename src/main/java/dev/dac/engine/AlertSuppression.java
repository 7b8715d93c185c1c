package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.RuleType;
import dev.dac.rule.TypeFields;
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
 * Alert suppression ({@code alert_suppression}) for the rule types dac runs, as Kibana 8.19 does it:
 * <ul>
 * <li>query: events grouped by group_by in the search itself (query/alert_suppression/group_and_bulk_create.ts,
 * build_group_by_field_aggregation.ts), one alert per group from its earliest event, docs_count the group's other
 * events, start and end its first and last event time; events of groups alerted on by earlier executions, up to that
 * group's end, are left out (Kibana keeps them as rule state; dac reads them back from the rule's alerts). Without a
 * duration the alerts are written as they are; with one, through the suppression window.</li>
 * <li>new_terms and ES|QL: each alert gets the terms of its own event (utils/bulk_create_suppressed_alerts_in_memory.ts
 * with suppression_utils.ts) and alerts of one group are suppressed together, per execution (the window starts at the
 * rule's from) or over the duration.</li>
 * <li>threshold: only a duration; the group is the threshold fields (threshold/wrap_suppressed_threshold_alerts.ts,
 * bulk_create_suppressed_threshold_alerts.ts), start and end its first and last event.</li>
 * </ul>
 * missing_fields_strategy {@code doNotSuppress} raises an ordinary alert for each event missing a group_by field.
 */
public final class AlertSuppression {

    private AlertSuppression() {}

    /** utils/get_is_alert_suppression_active.ts: threshold needs a duration, the others a group_by. */
    public static boolean active(Rule rule) {
        RuleSettings.AlertSuppression suppression = rule.settings().alertSuppression();
        if (suppression == null) {
            return false;
        }
        if (rule.type() == RuleType.THRESHOLD) {
            return suppression.duration() != null;
        }
        return (rule.type() == RuleType.QUERY || rule.type() == RuleType.NEW_TERMS || rule.type() == RuleType.ESQL)
                && !suppression.groupBy().isEmpty();
    }

    /** A query rule with group_by: the grouped search, written. */
    static RuleRun executeQuery(Rule rule, KqlNode kql, List<String> index, Execution execution)
            throws RuleExecutionException, IOException {
        RuleSettings.AlertSuppression suppression = rule.settings().alertSuppression();
        List<String> groupBy = suppression.groupBy();
        TimeRange window = RuleWindows.window(rule, execution);
        int maxSignals = rule.common().effectiveMaxSignals();
        String ruleUuid = AlertBuilder.ruleUuid(rule.ruleId(), execution.space());
        String indices = String.join(",", index);
        ObjectNode query = KqlRuleQuery.ruleQuery(rule, kql, index, execution);

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
            ObjectNode alert = builder.fromEvent(hit.path("_index").asString(), hit.path("_id").asString(),
                    hit.path("_source"), List.of(hit.path("_index").asString(), hit.path("_id").asString(),
                            terms.toString(), start.toString(), end.toString()));
            SuppressionFields.set(alert, terms, ruleUuid, execution.space(), start, end,
                    bucket.path("doc_count").asLong() - 1);
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
            alerts.add(builder.fromEvent(hit.path("_index").asString(), hit.path("_id").asString(),
                    hit.path("_source"), List.of(hit.path("_index").asString(), hit.path("_id").asString())));
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

    /**
     * new_terms, ES|QL and threshold: the executor's alerts suppressed and written. {@code query} is the rule's search
     * (for a threshold group's first and last event), null for ES|QL.
     */
    static RuleRun write(Rule rule, RuleRun run, ObjectNode query, List<String> index, Execution execution)
            throws RuleExecutionException, IOException {
        RuleSettings.AlertSuppression suppression = rule.settings().alertSuppression();
        TimeRange window = RuleWindows.window(rule, execution);
        String ruleUuid = AlertBuilder.ruleUuid(rule.ruleId(), execution.space());
        int maxSignals = rule.common().effectiveMaxSignals();
        List<ObjectNode> unsuppressed = new ArrayList<>();
        List<ObjectNode> candidates = new ArrayList<>();
        for (ObjectNode alert : run.alerts()) {
            if (rule.type() == RuleType.THRESHOLD) {
                thresholdFields(rule, alert, query, index, window, ruleUuid, execution);
                candidates.add(alert);
                continue;
            }
            ArrayNode terms = SuppressionFields.terms(suppression.groupBy(), alert);
            if (!suppression.suppressMissing() && !SuppressionFields.complete(terms)) {
                unsuppressed.add(alert);
                continue;
            }
            Instant time = eventTime(alert, window, execution);
            SuppressionFields.set(alert, terms, ruleUuid, execution.space(), time, time, 0);
            candidates.add(alert);
        }
        List<ObjectNode> written = new ArrayList<>(unsuppressed.subList(0, Math.min(maxSignals, unsuppressed.size())));
        new AlertWriter(execution).write(written);
        boolean perExecution = suppression.duration() == null;
        Instant windowStart = perExecution ? window.from() : execution.at().minus(suppression.duration().toDuration());
        written.addAll(new SuppressionWriter(execution).write(ruleUuid, candidates, windowStart, perExecution,
                Math.max(0, maxSignals - written.size())));
        return new RuleRun(run.ruleId(), written, run.request());
    }

    /** getSuppressionAlertFields: the event's primary timestamp, else its @timestamp, else the alert's time. */
    private static Instant eventTime(ObjectNode alert, TimeRange window, Execution execution) {
        JsonNode primary = "@timestamp".equals(window.primaryField()) ? alert.get("kibana.alert.original_time")
                : alert.get(window.primaryField());
        JsonNode secondary = window.secondaryField() == null ? null : alert.get("kibana.alert.original_time");
        for (JsonNode value : new JsonNode[] {primary, secondary}) {
            if (value != null && value.isString()) {
                try {
                    return Instant.parse(value.asString());
                } catch (java.time.format.DateTimeParseException e) {
                    // not an ISO instant: Kibana's Date would be invalid too; fall through to the alert's time
                }
            }
        }
        return execution.at();
    }

    /** wrap_suppressed_threshold_alerts.ts: terms are the threshold fields, start and end the group's events. */
    private static void thresholdFields(Rule rule, ObjectNode alert, ObjectNode query, List<String> index,
            TimeRange window, String ruleUuid, Execution execution) throws IOException {
        List<String> fields = ((TypeFields.ThresholdFields) rule.typeFields()).threshold().field();
        ArrayNode terms = ElasticsearchJson.mapper().createArrayNode();
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query).add(window.filter());
        for (JsonNode term : alert.path("kibana.alert.threshold_result").path("terms")) {
            terms.add(term.deepCopy());
            filter.addObject().putObject("term").set(term.path("field").asString(), term.path("value"));
        }
        ObjectNode group = body.putObject("aggs").putObject("group");
        group.putObject("filter").putObject("match_all");
        GroupTimes.request(group.putObject("aggs"), window, false);
        GroupTimes times = GroupTimes.read(execution.elasticsearch().search(String.join(",", index), body)
                .path("aggregations").path("group"), window);
        Instant at = execution.at();
        SuppressionFields.set(alert, terms, ruleUuid, execution.space(), times.min() == null ? at : times.min(),
                times.max() == null ? at : times.max(), 0);
        if (fields.isEmpty()) {
            alert.set(SuppressionWriter.TERMS, ElasticsearchJson.mapper().createArrayNode());
        }
    }
}
