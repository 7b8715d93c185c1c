package dev.dac.engine;

import dev.dac.rule.Rule;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.RuleType;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alert suppression ({@code alert_suppression}) for the rule types dac runs, as Kibana 8.19 does it:
 * <ul>
 * <li>query: events grouped by group_by in the search itself ({@link SuppressedQuerySearch}), one alert per group
 * from its earliest event, docs_count the group's other events, start and end its first and last event time; events
 * of groups alerted on by earlier executions, up to that group's end, are left out (Kibana keeps them as rule state;
 * dac reads them back from the rule's alerts). Without a duration the alerts are written as they are; with one,
 * through the suppression window.</li>
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
            SuppressionFields.set(alert, terms, AlertIds.suppressedInstance(terms, ruleUuid, execution.space()), time,
                    time, 0);
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
        List<JsonNode> values = new java.util.ArrayList<>();
        terms.forEach(term -> values.add(term.path("value")));
        SuppressionFields.set(alert, terms, AlertIds.suppressedThresholdInstance(values, ruleUuid, execution.space()),
                times.min() == null ? at : times.min(), times.max() == null ? at : times.max(), 0);
        if (fields.isEmpty()) {
            alert.set(SuppressionWriter.TERMS, ElasticsearchJson.mapper().createArrayNode());
        }
    }
}
