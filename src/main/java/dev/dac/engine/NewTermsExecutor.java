package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A new terms rule, in the phases of Kibana's executor: find the value combinations of the new terms fields seen in
 * the rule window (a paged composite aggregation, so memory stays bounded however many there are), keep those whose
 * first appearance since history_window_start (counted back from the window's end) lies strictly after the window's
 * start, and make the earliest document of each new combination an alert, up to max_signals in composite key order. Documents missing a field have no combination; array values give every
 * combination.
 */
final class NewTermsExecutor {

    static final int PAGE_SIZE = CompositeAggregation.PAGE_SIZE;

    /** A value combination, the earliest document that has it in the rule window, and when that was. */
    record Candidate(List<JsonNode> values, JsonNode firstHit, Instant firstSeenInWindow) {}

    RuleRun execute(Rule rule, KqlNode kql, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        TypeFields.NewTermsFields newTerms = (TypeFields.NewTermsFields) rule.typeFields();
        TimeRange window = RuleWindows.window(rule, execution);
        // the history window is measured back from the window's end, not from the execution time
        // (new_terms/create_new_terms_alert_type.ts: parseDateString(historyWindowStart, forceNow: tuple.to))
        Instant historyStart = RuleWindows.at(newTerms.historyWindowStart(), window.to());
        // every phase searches with the exceptions excluded, as Kibana's new terms executor passes one filter to all
        ObjectNode query = exceptions.appliedTo(KqlRuleQuery.ruleQuery(rule, kql, newTerms.index(), execution));
        String indices = String.join(",", newTerms.index());

        List<String> requests = new ArrayList<>();
        int maxSignals = rule.common().effectiveMaxSignals();
        // Kibana pages through the combinations in composite key order and stops at max_signals new ones, so with more
        // new combinations than that it keeps the first ones in key order, not the earliest in time
        // (new_terms/create_new_terms_alert_type.ts, multi_terms_composite.ts)
        List<Candidate> fresh = new ArrayList<>();
        JsonNode after = null;
        do {
            CandidatePage page = findCandidateTerms(newTerms.newTermsFields(), query, window, indices, execution,
                    requests, after);
            for (Candidate candidate : checkHistory(newTerms.newTermsFields(), query, window, historyStart,
                    page.candidates(), indices, execution, requests)) {
                if (fresh.size() < maxSignals) {
                    fresh.add(candidate);
                }
            }
            after = page.after();
        } while (after != null && fresh.size() < maxSignals);
        return new RuleRun(rule.ruleId(), buildAlerts(rule, execution, fresh),
                String.join("\n", requests));
    }

    /** One page of the composite aggregation: its candidates, and where the next page starts (null at the end). */
    private record CandidatePage(List<Candidate> candidates, JsonNode after) {}

    private CandidatePage findCandidateTerms(List<String> fields, ObjectNode query, TimeRange window, String indices,
            Execution execution, List<String> requests, JsonNode after) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", 0);
        body.putObject("query").putObject("bool").putArray("filter").add(query).add(window.filter());
        ObjectNode composite = CompositeAggregation.over(body.putObject("aggs").putObject("terms"), fields, after);
        ObjectNode firstDoc = composite.putObject("aggs").putObject("first_doc").putObject("top_hits");
        firstDoc.put("size", 1);
        ArrayNode sort = firstDoc.putArray("sort");
        sort.addObject().putObject(window.primaryField()).put("order", "asc").put("unmapped_type", "date");
        sort.addObject().putObject("@timestamp").put("order", "asc").put("unmapped_type", "date");
        if (requests.isEmpty()) {
            requests.add("find candidate terms: POST " + indices + "/_search " + body);
        }
        JsonNode aggregation = execution.elasticsearch().search(indices, body).path("aggregations").path("terms");
        for (JsonNode bucket : aggregation.path("buckets")) {
            JsonNode hit = bucket.path("first_doc").path("hits").path("hits").path(0);
            candidates.add(new Candidate(keyValues(bucket.path("key"), fields), hit, primaryTime(hit, window)));
        }
        return new CandidatePage(candidates,
                aggregation.path("buckets").isEmpty() ? null : aggregation.get("after_key"));
    }

    /** Keeps the combinations first seen inside the window, looking back to history_window_start. */
    private List<Candidate> checkHistory(List<String> fields, ObjectNode query, TimeRange window, Instant historyStart,
            List<Candidate> candidates, String indices, Execution execution, List<String> requests)
            throws IOException {
        List<Candidate> fresh = new ArrayList<>();
        for (int start = 0; start < candidates.size(); start += PAGE_SIZE) {
            List<Candidate> page = candidates.subList(start, Math.min(candidates.size(), start + PAGE_SIZE));
            Map<List<String>, Candidate> byKey = new LinkedHashMap<>();
            ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
            body.put("size", 0);
            ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
            filter.add(query).add(window.filter(historyStart, window.to()));
            ObjectNode anyCandidate = filter.addObject().putObject("bool");
            ArrayNode should = anyCandidate.putArray("should");
            anyCandidate.put("minimum_should_match", 1);
            for (Candidate candidate : page) {
                byKey.put(candidate.values().stream().map(JsonNode::asString).toList(), candidate);
                ArrayNode all = should.addObject().putObject("bool").putArray("filter");
                for (int i = 0; i < fields.size(); i++) {
                    all.addObject().putObject("term").set(fields.get(i), candidate.values().get(i));
                }
            }
            JsonNode after = null;
            do {
                ObjectNode aggs = body.putObject("aggs");
                ObjectNode composite = CompositeAggregation.over(aggs.putObject("terms"), fields, after);
                ObjectNode sub = composite.putObject("aggs");
                sub.putObject("first_seen").putObject("min").put("field", window.primaryField());
                if (window.secondaryField() != null) {
                    ObjectNode fallback = sub.putObject("first_seen_without_override");
                    fallback.putObject("filter").putObject("bool").putObject("must_not").putObject("exists")
                            .put("field", window.timestampOverride());
                    fallback.putObject("aggs").putObject("first").putObject("min").put("field", "@timestamp");
                }
                if (requests.size() < 2) {
                    requests.add("check history: POST " + indices + "/_search " + body);
                }
                JsonNode aggregation = execution.elasticsearch().search(indices, body).path("aggregations")
                        .path("terms");
                for (JsonNode bucket : aggregation.path("buckets")) {
                    List<String> key = keyValues(bucket.path("key"), fields).stream().map(JsonNode::asString).toList();
                    Candidate candidate = byKey.get(key);
                    Instant firstSeen = earliest(bucket.path("first_seen").path("value_as_string"),
                            bucket.path("first_seen_without_override").path("first").path("value_as_string"));
                    // strictly after from: a term first seen exactly at from is not new (build_new_terms_aggregation.ts,
                    // 'params.first_seen_value > params.start_time')
                    if (candidate != null && firstSeen != null && firstSeen.isAfter(window.from())) {
                        fresh.add(candidate);
                    }
                }
                after = aggregation.path("buckets").isEmpty() ? null : aggregation.get("after_key");
            } while (after != null);
        }
        return fresh;
    }

    private List<ObjectNode> buildAlerts(Rule rule, Execution execution, List<Candidate> fresh) {
        AlertBuilder builder = new AlertBuilder(rule, execution);
        List<ObjectNode> alerts = new ArrayList<>();
        for (Candidate candidate : fresh) {
            JsonNode hit = candidate.firstHit();
            String index = hit.path("_index").asString();
            String id = hit.path("_id").asString();
            ObjectNode alert = builder.alert(new AlertBuilder.Parent(index, id, hit.path("_source")),
                    builder.ids().forNewTerms(index, id, candidate.values()));
            // the composite key's values as Elasticsearch returned them: numbers and booleans keep their type
            // (wrap_new_terms_alerts.ts writes eventAndTerms.newTerms as they are)
            ArrayNode terms = alert.putArray("kibana.alert.new_terms");
            candidate.values().forEach(terms::add);
            alerts.add(alert);
        }
        return alerts;
    }

    private static List<JsonNode> keyValues(JsonNode key, List<String> fields) {
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            values.add(key.path("f" + i));
        }
        return values;
    }

    private static Instant primaryTime(JsonNode hit, TimeRange window) {
        JsonNode sort = hit.path("sort");
        long millis = sort.path(0).isNumber() && sort.path(0).asLong() != Long.MAX_VALUE ? sort.path(0).asLong()
                : sort.path(1).asLong();
        return Instant.ofEpochMilli(millis);
    }

    private static Instant earliest(JsonNode a, JsonNode b) {
        Instant first = a.isString() ? Instant.parse(a.asString()) : null;
        Instant second = b.isString() ? Instant.parse(b.asString()) : null;
        if (first == null) {
            return second;
        }
        return second == null || first.isBefore(second) ? first : second;
    }
}
