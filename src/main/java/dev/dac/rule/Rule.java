package dev.dac.rule;

/**
 * The {@code [rule]} table: the fields all types share, the fields of its type, and the settings that shape its
 * search and its alerts.
 */
public record Rule(CommonFields common, TypeFields typeFields, RuleSettings settings) {

    public Rule {
        settings = settings == null ? RuleSettings.NONE : settings;
    }

    public Rule(CommonFields common, TypeFields typeFields) {
        this(common, typeFields, RuleSettings.NONE);
    }

    public String ruleId() {
        return common.ruleId();
    }

    public String name() {
        return common.name();
    }

    public RuleType type() {
        return typeFields.type();
    }
}
