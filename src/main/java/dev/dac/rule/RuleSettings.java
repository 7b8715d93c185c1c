package dev.dac.rule;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The settings of a rule that change which events it searches or what its alerts say, beyond its query: Kibana's
 * query bar filters, alert suppression, severity and risk score mappings, the rule name override and whether events
 * lacking the timestamp override fall back to {@code @timestamp}. Read from the {@code [rule]} table as written.
 */
public record RuleSettings(
        List<JsonNode> filters,
        AlertSuppression alertSuppression,
        List<SeverityMappingItem> severityMapping,
        List<RiskScoreMappingItem> riskScoreMapping,
        String ruleNameOverride,
        Boolean timestampOverrideFallbackDisabled) {

    /** A rule with none of these settings. */
    public static final RuleSettings NONE = new RuleSettings(null, null, null, null, null, null);

    public RuleSettings {
        filters = CommonFields.copy(filters);
        severityMapping = CommonFields.copy(severityMapping);
        riskScoreMapping = CommonFields.copy(riskScoreMapping);
    }

    public boolean fallbackDisabled() {
        return Boolean.TRUE.equals(timestampOverrideFallbackDisabled);
    }

    /** {@code [rule.alert_suppression]}: group_by is empty for threshold rules, which group by their threshold fields. */
    public record AlertSuppression(List<String> groupBy, SuppressionDuration duration, String missingFieldsStrategy) {
        public AlertSuppression {
            groupBy = CommonFields.copy(groupBy);
        }

        /** Kibana's default strategy is {@code suppress}: events missing a group_by field form their own group. */
        public boolean suppressMissing() {
            return !"doNotSuppress".equals(missingFieldsStrategy);
        }
    }

    /** A suppression window: {@code value} of {@code unit} (s, m or h). */
    public record SuppressionDuration(String unit, int value) {
        public java.time.Duration toDuration() {
            return switch (unit) {
                case "s" -> java.time.Duration.ofSeconds(value);
                case "h" -> java.time.Duration.ofHours(value);
                default -> java.time.Duration.ofMinutes(value);
            };
        }
    }

    public record SeverityMappingItem(String field, String operator, String value, Severity severity) {}

    public record RiskScoreMappingItem(String field, String operator, String value, Integer riskScore) {}
}
