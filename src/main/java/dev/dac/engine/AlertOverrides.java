package dev.dac.engine;

import dev.dac.rule.Rule;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alert's severity, risk score and rule name as Kibana's mappings take them from the event the alert is about
 * (utils/mappings/build_severity_from_mapping.ts, build_risk_score_from_mapping.ts, build_rule_name_from_mapping.ts,
 * applied by factories/utils/transform_hit_to_alert.ts for every rule type): the rule's own values where no mapping
 * matches.
 */
final class AlertOverrides {

    /** What the alert says; {@code riskScore} is a number node, as Kibana may map a fractional score. */
    record Resolved(String name, String severity, JsonNode riskScore) {}

    private static final String ECS_SEVERITY = "event.severity";
    private static final Pattern JS_DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern JS_RADIX = Pattern.compile("0([xXoObB])([0-9a-fA-F]+)");
    private static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private AlertOverrides() {}

    /** {@code fields} are the alert's source fields under dotted names, as the alert builder flattened them. */
    static Resolved resolve(Rule rule, ObjectNode fields) {
        RuleSettings settings = rule.settings();
        return new Resolved(name(rule, settings, fields), severity(rule, settings, fields),
                riskScore(rule, settings, fields));
    }

    /** build_rule_name_from_mapping.ts: the field's value when it is a single string. */
    private static String name(Rule rule, RuleSettings settings, ObjectNode fields) {
        if (settings.ruleNameOverride() != null) {
            JsonNode value = fields.get(settings.ruleNameOverride());
            if (value != null && value.isString()) {
                return value.asString();
            }
        }
        return rule.common().name();
    }

    /**
     * build_severity_from_mapping.ts: mappings sorted from low to critical, the last that matches wins. A value matches
     * when one of the event's values, as a string (integers and strings only), equals it; for event.severity the
     * event's integers are compared with the mapping value read as a number and rounded down.
     */
    private static String severity(Rule rule, RuleSettings settings, ObjectNode fields) {
        List<RuleSettings.SeverityMappingItem> sorted = new ArrayList<>(settings.severityMapping());
        sorted.sort(Comparator.comparing(item -> item.severity() == null ? -1 : item.severity().ordinal()));
        Severity match = null;
        for (RuleSettings.SeverityMappingItem item : sorted) {
            if (item.field() == null || item.value() == null || item.severity() == null) {
                continue;
            }
            Set<String> eventValues = new HashSet<>();
            boolean ecsSeverity = ECS_SEVERITY.equals(item.field());
            for (JsonNode value : values(fields.get(item.field()))) {
                if (isSafeInteger(value)) {
                    eventValues.add(value.bigIntegerValue().toString());
                } else if (!ecsSeverity && value.isString()) {
                    eventValues.add(value.asString());
                }
            }
            String wanted = ecsSeverity ? floorOf(item.value()) : item.value();
            if (wanted != null && eventValues.contains(wanted)) {
                match = item.severity();
            }
        }
        return (match == null ? rule.common().severity() : match).apiName();
    }

    /** build_risk_score_from_mapping.ts: the first mapping's field; the largest of its values that is 0 to 100. */
    private static JsonNode riskScore(Rule rule, RuleSettings settings, ObjectNode fields) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (!settings.riskScoreMapping().isEmpty() && settings.riskScoreMapping().get(0).field() != null) {
            BigDecimal max = null;
            for (JsonNode value : values(fields.get(settings.riskScoreMapping().get(0).field()))) {
                BigDecimal number = value.isNumber() ? value.decimalValue()
                        : value.isString() ? jsNumber(value.asString()) : null;
                if (number != null && number.signum() >= 0 && number.compareTo(BigDecimal.valueOf(100)) <= 0
                        && (max == null || number.compareTo(max) > 0)) {
                    max = number;
                }
            }
            if (max != null) {
                return max.stripTrailingZeros().scale() <= 0 ? json.numberNode(max.intValueExact())
                        : json.numberNode(max.doubleValue());
            }
        }
        return json.numberNode(rule.common().riskScore());
    }

    private static List<JsonNode> values(JsonNode value) {
        List<JsonNode> values = new ArrayList<>();
        if (value == null) {
            return values;
        }
        if (value.isArray()) {
            value.forEach(values::add);
        } else {
            values.add(value);
        }
        return values;
    }

    private static boolean isSafeInteger(JsonNode value) {
        if (!value.isNumber()) {
            return false;
        }
        BigDecimal number = value.decimalValue();
        return number.stripTrailingZeros().scale() <= 0
                && number.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) <= 0;
    }

    /** JavaScript's {@code Math.floor(Number(text))} as a string, or null for NaN. */
    private static String floorOf(String text) {
        BigDecimal number = jsNumber(text);
        return number == null ? null : number.setScale(0, java.math.RoundingMode.FLOOR).toBigInteger().toString();
    }

    /**
     * JavaScript's {@code Number(text)}: blank is 0, unsigned 0x/0o/0b literals are integers, decimal text with an
     * optional sign and exponent is its value; null where JavaScript gives NaN or Infinity.
     */
    private static BigDecimal jsNumber(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return BigDecimal.ZERO;
        }
        java.util.regex.Matcher radix = JS_RADIX.matcher(trimmed);
        if (radix.matches()) {
            char kind = Character.toLowerCase(radix.group(1).charAt(0));
            try {
                return new BigDecimal(new java.math.BigInteger(radix.group(2), kind == 'x' ? 16 : kind == 'o' ? 8 : 2));
            } catch (NumberFormatException e) {
                return null; // a digit the radix lacks ("0o9"): NaN in JavaScript
            }
        }
        if (!JS_DECIMAL.matcher(trimmed).matches()) {
            return null;
        }
        return new BigDecimal(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
    }
}
