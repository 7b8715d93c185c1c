package dev.dac.engine;

import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The window a rule execution searches and its filter, as Kibana builds it (build_events_query.ts,
 * buildTimeRangeFilter): on the primary timestamp (timestamp_override, else @timestamp), with documents lacking the
 * override matched on @timestamp unless timestamp_override_fallback_disabled is set, when only the override counts.
 */
public record TimeRange(Instant from, Instant to, String timestampOverride, boolean fallbackDisabled) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public TimeRange(Instant from, Instant to, String timestampOverride) {
        this(from, to, timestampOverride, false);
    }

    public String primaryField() {
        return timestampOverride == null ? "@timestamp" : timestampOverride;
    }

    /**
     * Kibana's secondary timestamp: @timestamp for events lacking the override, or null when there is no override,
     * the override is @timestamp itself, or the fallback is disabled (create_security_rule_type_wrapper.ts).
     */
    public String secondaryField() {
        return timestampOverride == null || "@timestamp".equals(timestampOverride) || fallbackDisabled ? null
                : "@timestamp";
    }

    /** The filter clause: override in range, or @timestamp in range where the override is missing. */
    public ObjectNode filter() {
        return filter(from, to);
    }

    public ObjectNode filter(Instant start, Instant end) {
        return bounded(start, end);
    }

    /** Events whose time (the override, else @timestamp where the fallback applies) is at or before {@code end}. */
    public ObjectNode notAfter(Instant end) {
        return bounded(null, end);
    }

    private ObjectNode bounded(Instant start, Instant end) {
        if (secondaryField() == null) {
            return range(primaryField(), start, end);
        }
        ObjectNode missingOverride = JSON.objectNode();
        missingOverride.putObject("bool").putObject("must_not").putObject("exists").put("field", timestampOverride);
        ObjectNode fallback = JSON.objectNode();
        fallback.putObject("bool").putArray("filter").add(range("@timestamp", start, end)).add(missingOverride);
        ObjectNode either = JSON.objectNode();
        ObjectNode bool = either.putObject("bool");
        bool.putArray("should").add(range(timestampOverride, start, end)).add(fallback);
        bool.put("minimum_should_match", 1);
        return either;
    }

    private static ObjectNode range(String field, Instant start, Instant end) {
        ObjectNode range = JSON.objectNode();
        ObjectNode bounds = range.putObject("range").putObject(field);
        if (start != null) {
            bounds.put("gte", start.toString());
        }
        bounds.put("lte", end.toString());
        bounds.put("format", "strict_date_optional_time");
        return range;
    }
}
