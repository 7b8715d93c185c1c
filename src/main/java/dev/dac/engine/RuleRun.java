package dev.dac.engine;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** What one rule execution produced: its alerts, and the request it ran (shown when a test fails). */
public record RuleRun(String ruleId, List<ObjectNode> alerts, String request) {
    public RuleRun {
        alerts = List.copyOf(alerts);
    }
}
