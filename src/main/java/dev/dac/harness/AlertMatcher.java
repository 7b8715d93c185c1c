package dev.dac.harness;

import dev.dac.kql.DocumentValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares the alerts a rule raised with the ones a case expects: the count must be equal, and every expected alert
 * must be matched by a different actual alert carrying each of its fields with the same value (arrays in any order;
 * numbers by value; ISO-8601 date-times as instants, whatever their precision or offset).
 */
final class AlertMatcher {

    private AlertMatcher() {}

    static List<String> differences(TestCase.Expectation expected, List<ObjectNode> actual) {
        List<String> differences = new ArrayList<>();
        if (actual.size() != expected.count()) {
            differences.add("expected " + expected.count() + " alert" + (expected.count() == 1 ? "" : "s")
                    + " of rule " + expected.ruleId() + ", got " + actual.size());
        }
        List<ObjectNode> unmatched = new ArrayList<>(actual);
        for (ObjectNode wanted : expected.alerts()) {
            ObjectNode match = unmatched.stream().filter(a -> mismatches(wanted, a).isEmpty()).findFirst().orElse(null);
            if (match != null) {
                unmatched.remove(match);
                continue;
            }
            String closest = actual.isEmpty() ? "no alert was raised"
                    : "closest alert differs in: " + String.join("; ", closest(wanted, actual));
            differences.add("no alert has " + wanted + " (" + closest + ")");
        }
        return differences;
    }

    /** How many of the expected alerts find their own actual alert, matched as {@link #differences} does. */
    static int matched(TestCase.Expectation expected, List<ObjectNode> actual) {
        List<ObjectNode> unmatched = new ArrayList<>(actual);
        int matched = 0;
        for (ObjectNode wanted : expected.alerts()) {
            ObjectNode match = unmatched.stream().filter(a -> mismatches(wanted, a).isEmpty()).findFirst().orElse(null);
            if (match != null) {
                unmatched.remove(match);
                matched++;
            }
        }
        return matched;
    }

    private static List<String> closest(ObjectNode wanted, List<ObjectNode> actual) {
        List<String> best = null;
        for (ObjectNode alert : actual) {
            List<String> m = mismatches(wanted, alert);
            if (best == null || m.size() < best.size()) {
                best = m;
            }
        }
        return best;
    }

    static List<String> mismatches(ObjectNode wanted, ObjectNode alert) {
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            List<JsonNode> values = DocumentValues.leaves(alert, field.getKey());
            if (!sameValues(field.getValue(), values)) {
                mismatches.add(field.getKey() + " is " + (values.isEmpty() ? "missing"
                        : values.size() == 1 ? values.get(0).toString() : values.toString())
                        + ", expected " + field.getValue());
            }
        }
        return mismatches;
    }

    private static boolean sameValues(JsonNode expected, List<JsonNode> actual) {
        List<JsonNode> wanted = new ArrayList<>();
        if (expected.isArray()) {
            expected.forEach(wanted::add);
        } else {
            wanted.add(expected);
        }
        if (wanted.size() != actual.size()) {
            return false;
        }
        List<JsonNode> remaining = new ArrayList<>(actual);
        for (JsonNode w : wanted) {
            JsonNode found = remaining.stream().filter(a -> same(w, a)).findFirst().orElse(null);
            if (found == null) {
                return false;
            }
            remaining.remove(found);
        }
        return true;
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() || actual.isNumber()) {
            try {
                return new BigDecimal(expected.asString()).compareTo(new BigDecimal(actual.asString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        Instant expectedTime = instant(expected);
        Instant actualTime = instant(actual);
        if (expectedTime != null && actualTime != null) {
            return expectedTime.equals(actualTime); // 11:58:00Z and 11:58:00.000Z are the same time
        }
        return expected.asString().equals(actual.asString());
    }

    /** The instant an ISO-8601 date-time text stands for, or null when the value is not one. */
    private static Instant instant(JsonNode value) {
        if (!value.isString() || value.asString().length() < 20) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
