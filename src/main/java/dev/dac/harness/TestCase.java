package dev.dac.harness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One fixture case: when the rules run (one execution at {@code executeAt}, or the executions of its timeline), the
 * source events and earlier alerts in place before, the rules to run in order, and the alerts each rule must create.
 */
public record TestCase(Path file, String name, Instant executeAt, List<String> ruleIds, List<SourceEvent> events,
        List<ObjectNode> existingAlerts, List<Expectation> expectations, Timeline timeline) {

    public TestCase {
        ruleIds = List.copyOf(ruleIds);
        events = List.copyOf(events);
        existingAlerts = List.copyOf(existingAlerts);
        expectations = List.copyOf(expectations);
    }

    /** A case whose rules run once, at {@code executeAt}. */
    public TestCase(Path file, String name, Instant executeAt, List<String> ruleIds, List<SourceEvent> events,
            List<ObjectNode> existingAlerts, List<Expectation> expectations) {
        this(file, name, executeAt, ruleIds, events, existingAlerts, expectations, Timeline.NONE);
    }

    /**
     * A source document, the index it goes to, and when it arrives there: executions before {@code ingestedAt} do not
     * see it (null: there from the start).
     */
    public record SourceEvent(String index, ObjectNode document, Instant ingestedAt) {
        public SourceEvent(String index, ObjectNode document) {
            this(index, document, null);
        }

        /** Whether an execution at {@code at} sees this event. */
        boolean visibleAt(Instant at) {
            return ingestedAt == null || !ingestedAt.isAfter(at);
        }
    }

    /**
     * The alerts one rule must create: how many, and fields some of them must carry (values, not just presence); in
     * the whole case, or ({@code at} set) in its execution at that instant. {@code duplicates}, when set, is how many
     * alerts the rule raised again that were already stored (not created); {@code gap}, when set, is text the gap
     * Kibana would report must contain.
     */
    public record Expectation(String ruleId, int count, List<ObjectNode> alerts, Instant at, Integer duplicates,
            String gap) {
        public Expectation {
            alerts = List.copyOf(alerts);
        }

        public Expectation(String ruleId, int count, List<ObjectNode> alerts) {
            this(ruleId, count, alerts, null, null, null);
        }
    }
}
