package dev.dac.engine;

import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An EQL rule run by an Elasticsearch that has EQL (a cluster or a container, not dac's local node): the rule's query
 * goes to {@code _eql/search} as Kibana's detection engine sends it (rule_types/eql/build_eql_search_request.ts and
 * eql.ts): the window as a filter, {@code size} = max_signals, the rule's timestamp, tiebreaker and event category
 * fields, partial results allowed. Events become alerts; sequences (and samples) become building blocks and a shell.
 */
final class EqlSearchExecutor {

    RuleRun execute(Rule rule, TypeFields.EqlFields eql, Execution execution)
            throws RuleExecutionException, IOException {
        ObjectNode body = request(rule, eql, RuleWindows.window(rule, execution));
        JsonNode response;
        try {
            response = execution.elasticsearch().send("POST", "/" + String.join(",", eql.index())
                    + "/_eql/search?allow_no_indices=true", body);
        } catch (ElasticsearchJson.RequestFailed e) {
            throw new RuleExecutionException("Elasticsearch refused the rule's EQL query (status " + e.status()
                    + "): " + e.getMessage());
        }
        EqlAlertBuilder alerts = new EqlAlertBuilder(rule, execution);
        List<ObjectNode> built = new ArrayList<>();
        JsonNode hits = response.path("hits");
        if (hits.has("events")) {
            for (JsonNode event : hits.path("events")) {
                built.add(alerts.fromEvent(EventHit.of(event)));
            }
        } else if (hits.has("sequences")) {
            for (JsonNode sequence : hits.path("sequences")) {
                List<EventHit> members = new ArrayList<>();
                for (JsonNode event : sequence.path("events")) {
                    // a missing event (![...]) is listed with "missing": true and no document
                    if (!event.path("missing").asBoolean(false)) {
                        members.add(EventHit.of(event));
                    }
                }
                built.addAll(alerts.fromSequence(members));
            }
        } else if (hits.path("total").path("value").asLong(0) > 0) {
            throw new RuleExecutionException("the EQL answer has neither events nor sequences: " + hits);
        }
        return new RuleRun(rule.ruleId(), built, body.toString());
    }

    static ObjectNode request(Rule rule, TypeFields.EqlFields eql, TimeRange window) {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", rule.common().effectiveMaxSignals());
        body.put("query", eql.query());
        body.putObject("filter").putObject("bool").putArray("filter").add(window.filter());
        body.put("allow_partial_search_results", true);
        if (eql.timestampField() != null && !eql.timestampField().isBlank()) {
            body.put("timestamp_field", eql.timestampField());
        }
        if (eql.eventCategoryOverride() != null && !eql.eventCategoryOverride().isBlank()) {
            body.put("event_category_field", eql.eventCategoryOverride());
        }
        if (eql.tiebreakerField() != null && !eql.tiebreakerField().isBlank()) {
            body.put("tiebreaker_field", eql.tiebreakerField());
        }
        var fields = body.putArray("fields");
        fields.addObject().put("field", "*").put("include_unmapped", true);
        fields.addObject().put("field", window.primaryField()).put("format", "strict_date_optional_time");
        if (window.timestampOverride() != null) {
            fields.addObject().put("field", "@timestamp").put("format", "strict_date_optional_time");
        }
        return body;
    }
}
