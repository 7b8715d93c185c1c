package dev.dac.harness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One fixture case: when the rules run, the source events and earlier alerts in place before, the rules to run in
 * order, and the alerts each rule must raise.
 */
public record TestCase(Path file, String name, Instant executeAt, List<String> ruleIds, List<SourceEvent> events,
        List<ObjectNode> existingAlerts, List<Expectation> expectations) {

    public TestCase {
        ruleIds = List.copyOf(ruleIds);
        events = List.copyOf(events);
        existingAlerts = List.copyOf(existingAlerts);
        expectations = List.copyOf(expectations);
    }

    /** A source document and the index it goes to. */
    public record SourceEvent(String index, ObjectNode document) {}

    /** The alerts one rule must raise: how many, and fields some of them must carry (values, not just presence). */
    public record Expectation(String ruleId, int count, List<ObjectNode> alerts) {
        public Expectation {
            alerts = List.copyOf(alerts);
        }
    }
}
