package dev.dac.rule;

/** The {@code [rule]} table: the fields all types share and the fields of its type. */
public record Rule(CommonFields common, TypeFields typeFields) {

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
