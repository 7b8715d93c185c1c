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
     * One rule's expectation against the alerts it created, the differences in words, the request it ran, and how
     * many alerts it raised again that were already stored (duplicates, not created).
     */
    public record RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
            String request, int duplicates) {
        public RuleOutcome {
            actual = List.copyOf(actual);
            differences = List.copyOf(differences);
        }

        public RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
                String request) {
            this(expectation, actual, differences, request, 0);
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

    public int actualCount() {
        return outcomes.stream().mapToInt(o -> o.actual().size()).sum();
    }

    /** Alerts raised again and not created, over the outcomes that count the whole case (not one execution). */
    public int duplicateCount() {
        return outcomes.stream().filter(o -> o.expectation().at() == null).mapToInt(RuleOutcome::duplicates).sum();
    }
}
