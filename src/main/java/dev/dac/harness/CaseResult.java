package dev.dac.harness;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** How one fixture case went: per expected rule, the alerts it raised and what did not match; or why it could not run. */
public record CaseResult(TestCase testCase, List<RuleOutcome> outcomes, String error, Duration took) {

    public CaseResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * One rule's expectation against the alerts it created, the differences in words, the request it ran, how many
     * alerts it raised again that were already stored (duplicates, not created), and for a failure why: each event
     * and what excluded it, the event behind each alert, did-you-mean for expected fields (see {@code WhyFailed}),
     * each line naming its fixture line.
     */
    public record RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
            String request, int duplicates, List<String> why) {
        public RuleOutcome {
            actual = List.copyOf(actual);
            differences = List.copyOf(differences);
            why = List.copyOf(why);
        }

        public RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
                String request, int duplicates) {
            this(expectation, actual, differences, request, duplicates, List.of());
        }

        /** This outcome with {@code why} it failed. */
        public RuleOutcome explained(List<String> why) {
            return new RuleOutcome(expectation, actual, differences, request, duplicates, why);
        }

        /** How many of the expected alerts an actual alert matches, field for field. */
        public int matchedAlerts() {
            return AlertMatcher.matched(expectation, actual);
        }

        public RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
                String request) {
            this(expectation, actual, differences, request, 0, List.of());
        }

        public boolean passed() {
            return differences.isEmpty();
        }
    }

    public boolean passed() {
        return error == null && outcomes.stream().allMatch(RuleOutcome::passed);
    }

    public int expectedCount() {
        return outcomes.stream().mapToInt(o -> o.expectation().count()).sum();
    }

    /** The expected alerts (with fields to check) of all rules, and how many of them an alert matched. */
    public int expectedAlerts() {
        return outcomes.stream().mapToInt(o -> o.expectation().alerts().size()).sum();
    }

    public int matchedAlerts() {
        return outcomes.stream().mapToInt(RuleOutcome::matchedAlerts).sum();
    }

    public int actualCount() {
        return outcomes.stream().mapToInt(o -> o.actual().size()).sum();
    }

    /** Alerts raised again and not created, over the outcomes that count the whole case (not one execution). */
    public int duplicateCount() {
        return outcomes.stream().filter(o -> o.expectation().at() == null).mapToInt(RuleOutcome::duplicates).sum();
    }
}
