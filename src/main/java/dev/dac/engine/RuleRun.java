package dev.dac.engine;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one rule execution produced: the alerts it raised, the request it ran (shown when a test fails), and once
 * written, which of them were created and how many were duplicates of alerts already stored (same id), which Kibana
 * suppresses and does not count as new.
 */
public record RuleRun(String ruleId, List<ObjectNode> alerts, String request, List<ObjectNode> created,
        int duplicates) {

    public RuleRun {
        alerts = List.copyOf(alerts);
        created = List.copyOf(created);
    }

    /** Alerts raised and not written yet. */
    public RuleRun(String ruleId, List<ObjectNode> alerts, String request) {
        this(ruleId, alerts, request, List.of(), 0);
    }

    /** This run after its alerts were written. */
    RuleRun written(AlertWriter.Written written) {
        return new RuleRun(ruleId, alerts, request, written.created(), written.duplicates());
    }
}
