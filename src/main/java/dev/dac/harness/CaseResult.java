package dev.dac.harness;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** How one fixture case went: per expected rule, the alerts it raised and what did not match; or why it could not run. */
public record CaseResult(TestCase testCase, List<RuleOutcome> outcomes, String error, Duration took) {

    public CaseResult {
        outcomes = List.copyOf(outcomes);
    }

    /** One rule's expectation against what it raised, the differences in words, and the request it ran. */
    public record RuleOutcome(TestCase.Expectation expectation, List<ObjectNode> actual, List<String> differences,
            String request) {
        public RuleOutcome {
            actual = List.copyOf(actual);
            differences = List.copyOf(differences);
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
}
