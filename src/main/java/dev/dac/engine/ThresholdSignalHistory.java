package dev.dac.engine;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A threshold rule's signal history, as Kibana keeps it in the rule's state (threshold/threshold.ts,
 * build_signal_history.ts, utils.ts getSignalHistory and getThresholdTermsHash): per group of threshold values, the
 * time of the latest event of its latest alert ({@code kibana.alert.original_time}), for the groups whose last alert
 * is after the window's start. The next search leaves out each such group's events up to that time
 * (get_threshold_bucket_filters.ts), so an event counted into one alert is not counted again by a later run whose
 * window overlaps. Kibana holds the history in the rule's state; dac reads it back from the rule's alerts, which is
 * what Kibana itself does when the state is empty (get_threshold_signal_history.ts).
 */
final class ThresholdSignalHistory {

    private static final String RESULT = "kibana.alert.threshold_result";

    /** One group: its terms ({@code [{field, value}]}) and the time of the last event alerted on. */
    record Entry(JsonNode terms, Instant lastSignal) {}

    private final Map<String, Entry> entries;

    private ThresholdSignalHistory(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The history of the rule {@code ruleUuid} that still matters to a run over {@code window}. */
    static ThresholdSignalHistory read(String ruleUuid, TimeRange window, Execution execution) throws IOException {
        ObjectNode search = ElasticsearchJson.mapper().createObjectNode();
        search.put("size", 10000);
        search.putObject("query").putObject("term").put("kibana.alert.rule.uuid", ruleUuid);
        List<JsonNode> alerts = new ArrayList<>();
        execution.elasticsearch().search(execution.alertsIndex(), search).path("hits").path("hits")
                .forEach(hit -> alerts.add(hit.path("_source")));
        return of(alerts, window.from());
    }

    /** The history built from alert sources, keeping groups whose last signal is after {@code from}. */
    static ThresholdSignalHistory of(List<JsonNode> alerts, Instant from) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonNode alert : alerts) {
            JsonNode terms = alert.path(RESULT).path("terms");
            Optional<Instant> time = instant(alert.path("kibana.alert.original_time"));
            if (!terms.isArray() || time.isEmpty() || !time.get().isAfter(from)) {
                continue;
            }
            entries.merge(hash(terms), new Entry(terms, time.get()),
                    (a, b) -> b.lastSignal().isAfter(a.lastSignal()) ? b : a);
        }
        return new ThresholdSignalHistory(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * get_threshold_bucket_filters.ts: {@code must_not} of, per group, its time at or before the last signal and a
     * term per threshold value (the value as a string, as Kibana writes it).
     */
    Optional<ObjectNode> exclusion(TimeRange window) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode filter = ElasticsearchJson.mapper().createObjectNode();
        ArrayNode mustNot = filter.putObject("bool").putArray("must_not");
        for (Entry entry : entries.values()) {
            ArrayNode group = mustNot.addObject().putObject("bool").putArray("filter");
            group.add(window.notAfter(entry.lastSignal()));
            for (JsonNode term : entry.terms()) {
                if (term.hasNonNull("field")) {
                    group.addObject().putObject("term").put(term.path("field").asString(),
                            term.path("value").isNull() ? "null" : term.path("value").asString());
                }
            }
        }
        return Optional.of(filter);
    }

    /** getThresholdTermsHash: the terms sorted by field, as {@code field:value} joined by commas, hashed. */
    static String hash(JsonNode terms) {
        List<JsonNode> sorted = new ArrayList<>();
        terms.forEach(sorted::add);
        sorted.sort(Comparator.comparing(term -> term.path("field").asString()));
        List<String> parts = new ArrayList<>();
        sorted.forEach(term -> parts.add(term.path("field").asString() + ":"
                + (term.path("value").isNull() ? "null" : term.path("value").asString())));
        return AlertIds.sha256(String.join(",", parts));
    }

    private static Optional<Instant> instant(JsonNode value) {
        if (!value.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.asString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
