package dev.dac.engine;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The earliest and latest event time of a group, and its earliest event, on Kibana's aggregatable timestamp: the
 * override, or @timestamp for events lacking it (the runtime field {@code kibana.combined_timestamp} of
 * build_timestamp_runtime_mapping.ts). That runtime field needs painless, which dac's local node lacks, so the group
 * is split into events with the override and events without it, and the two halves are combined here: the same
 * minimum, maximum and earliest event.
 */
record GroupTimes(Instant min, Instant max, JsonNode earliestHit) {

    private static final String WITH = "with_override";
    private static final String WITHOUT = "without_override";

    /** Adds the sub-aggregations to {@code aggs} (the group's aggs object); {@code topHit} adds the earliest event. */
    static void request(ObjectNode aggs, TimeRange window, boolean topHit) {
        if (window.secondaryField() == null) {
            stats(aggs, window.primaryField(), topHit);
            return;
        }
        ObjectNode with = aggs.putObject(WITH);
        with.putObject("filter").putObject("exists").put("field", window.primaryField());
        stats(with.putObject("aggs"), window.primaryField(), topHit);
        ObjectNode without = aggs.putObject(WITHOUT);
        without.putObject("filter").putObject("bool").putObject("must_not").putObject("exists")
                .put("field", window.primaryField());
        stats(without.putObject("aggs"), window.secondaryField(), topHit);
    }

    private static void stats(ObjectNode aggs, String field, boolean topHit) {
        aggs.putObject("min_timestamp").putObject("min").put("field", field);
        aggs.putObject("max_timestamp").putObject("max").put("field", field);
        if (topHit) {
            ObjectNode top = aggs.putObject("topHits").putObject("top_hits");
            top.put("size", 1);
            top.putArray("sort").addObject().putObject(field).put("order", "asc").put("unmapped_type", "date");
        }
    }

    /** Reads the answer of {@link #request} from a bucket. */
    static GroupTimes read(JsonNode bucket, TimeRange window) {
        if (window.secondaryField() == null) {
            return of(bucket);
        }
        GroupTimes with = of(bucket.path(WITH));
        GroupTimes without = of(bucket.path(WITHOUT));
        Instant min = earlier(with.min, without.min);
        Instant max = with.max == null ? without.max : without.max == null || with.max.isAfter(without.max) ? with.max
                : without.max;
        JsonNode earliest = with.min == null ? without.earliestHit
                : without.min == null || !without.min.isBefore(with.min) ? with.earliestHit : without.earliestHit;
        return new GroupTimes(min, max, earliest);
    }

    private static GroupTimes of(JsonNode aggs) {
        return new GroupTimes(instant(aggs.path("min_timestamp")), instant(aggs.path("max_timestamp")),
                aggs.path("topHits").path("hits").path("hits").path(0));
    }

    private static Instant instant(JsonNode stat) {
        JsonNode text = stat.path("value_as_string");
        if (text.isString()) {
            return Instant.parse(text.asString());
        }
        return stat.path("value").isNumber() ? Instant.ofEpochMilli(stat.path("value").asLong()) : null;
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
