package dev.dac.rule;

import java.util.List;

/**
 * Fields every rule type has. Free-form Kibana structures (actions, filters, meta, ...) are not modelled here; they
 * stay in {@link RuleFile#document()} and travel to Kibana unchanged.
 */
public record CommonFields(
        String ruleId,
        String name,
        String description,
        List<String> author,
        int riskScore,
        Severity severity,
        String from,
        String to,
        String interval,
        Integer maxSignals,
        List<String> tags,
        List<Threat> threat,
        InvestigationFields investigationFields,
        String note,
        String setup,
        String timestampOverride,
        List<String> references,
        List<String> falsePositives,
        String license,
        Boolean enabled,
        Integer version,
        String buildingBlockType) {

    /** Kibana's defaults when a rule leaves these out. */
    public static final String DEFAULT_FROM = "now-6m";
    public static final String DEFAULT_TO = "now";
    public static final String DEFAULT_INTERVAL = "5m";
    public static final int DEFAULT_MAX_SIGNALS = 100;

    public CommonFields {
        author = copy(author);
        tags = copy(tags);
        threat = copy(threat);
        references = copy(references);
        falsePositives = copy(falsePositives);
    }

    public String effectiveFrom() {
        return from == null ? DEFAULT_FROM : from;
    }

    public String effectiveTo() {
        return to == null ? DEFAULT_TO : to;
    }

    public String effectiveInterval() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    public int effectiveMaxSignals() {
        return maxSignals == null ? DEFAULT_MAX_SIGNALS : maxSignals;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
