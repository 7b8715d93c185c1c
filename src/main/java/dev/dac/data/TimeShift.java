package dev.dac.data;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves an old dataset's times so that its latest {@code @timestamp} lands at a chosen instant, keeping every
 * event's distance to the others. The fields moved are the event times ECS defines: {@code @timestamp},
 * {@code event.ingested}, {@code event.created}, {@code event.start}, {@code event.end} (dotted or nested).
 */
public record TimeShift(Duration by) {

    static final List<String> FIELDS = List.of("@timestamp", "event.ingested", "event.created", "event.start",
            "event.end");

    /** The shift that moves {@code latest} to {@code target}. */
    public static TimeShift between(Instant latest, Instant target) {
        return new TimeShift(Duration.between(latest, target));
    }

    /** The event's {@code @timestamp}, if it has one dac can read (ISO 8601 or epoch milliseconds). */
    public static Optional<Instant> timestamp(ObjectNode event) {
        return read(event.get("@timestamp"));
    }

    /** Shifts {@code event}'s times in place; a time field dac cannot read is named in the exception. */
    public void apply(ObjectNode event) throws UnreadableTime {
        for (String field : FIELDS) {
            if (event.has(field)) {
                event.put(field, shifted(field, event.get(field)));
                continue;
            }
            int dot = field.indexOf('.');
            if (dot > 0 && event.path(field.substring(0, dot)).isObject()) {
                ObjectNode parent = (ObjectNode) event.get(field.substring(0, dot));
                String leaf = field.substring(dot + 1);
                if (parent.has(leaf)) {
                    parent.put(leaf, shifted(field, parent.get(leaf)));
                }
            }
        }
    }

    private String shifted(String field, JsonNode value) throws UnreadableTime {
        return read(value).orElseThrow(() -> new UnreadableTime(field, value)).plus(by).toString();
    }

    private static Optional<Instant> read(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        if (!value.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asString()).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(value.asString()));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    /** A time field whose value is no date dac can shift. */
    public static final class UnreadableTime extends Exception {
        UnreadableTime(String field, JsonNode value) {
            super(field + " " + value + " is not a date dac can shift (write ISO 8601 or epoch milliseconds)");
        }
    }
}
