package dev.dac.rule;

import java.util.Arrays;
import java.util.Optional;

/** The rule types of Kibana's detection engine, by the name rule files and the API use. */
public enum RuleType {
    QUERY("query"),
    EQL("eql"),
    ESQL("esql"),
    NEW_TERMS("new_terms"),
    THRESHOLD("threshold"),
    MACHINE_LEARNING("machine_learning"),
    THREAT_MATCH("threat_match");

    private final String apiName;

    RuleType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<RuleType> fromApiName(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(name)).findFirst();
    }
}
