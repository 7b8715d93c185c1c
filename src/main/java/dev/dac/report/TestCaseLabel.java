package dev.dac.report;

import dev.dac.harness.CaseResult;

/** How reports name a case and its rule. */
final class TestCaseLabel {

    private TestCaseLabel() {}

    static String fixture(CaseResult result) {
        return result.testCase().file().getFileName().toString();
    }

    /** The rule whose alerts the case checks last: the one it is about. */
    static String ruleId(CaseResult result) {
        var expectations = result.testCase().expectations();
        return expectations.isEmpty() ? null : expectations.get(expectations.size() - 1).ruleId();
    }

    /**
     * Every failure of the case in words, one per line, with why (see {@code WhyFailed}); the query that ran is
     * folded to one short line unless {@code verbose}.
     */
    static String failureText(CaseResult result, boolean verbose) {
        StringBuilder text = new StringBuilder();
        if (result.error() != null) {
            text.append(result.error()).append('\n');
        }
        for (CaseResult.RuleOutcome outcome : result.outcomes()) {
            if (outcome.passed()) {
                continue;
            }
            outcome.differences().forEach(d -> text.append(d).append('\n'));
            if (!outcome.why().isEmpty()) {
                text.append("why:\n");
                outcome.why().forEach(w -> text.append("  ").append(w).append('\n'));
            }
            text.append("raised by rule ").append(outcome.expectation().ruleId()).append(": ");
            if (outcome.actual().isEmpty()) {
                text.append("no alert\n");
            } else {
                text.append('\n');
                outcome.actual().stream().limit(5).forEach(a -> text.append("  ").append(summary(a)).append('\n'));
                if (outcome.actual().size() > 5) {
                    text.append("  ... and ").append(outcome.actual().size() - 5).append(" more\n");
                }
            }
            text.append("query that ran: ").append(verbose ? outcome.request() : folded(outcome.request()))
                    .append('\n');
        }
        return text.toString();
    }

    /** A request of more than a line: its start, and how to see it whole. */
    static String folded(String request) {
        if (request == null || request.length() <= FOLDED) {
            return request;
        }
        return request.substring(0, FOLDED).replaceAll("\\s+", " ") + "... (" + request.length()
                + " characters; --verbose shows it whole)";
    }

    private static final int FOLDED = 120;

    /** The fields of an alert a reader compares first. */
    private static String summary(tools.jackson.databind.node.ObjectNode alert) {
        StringBuilder out = new StringBuilder("{");
        alert.properties().stream()
                .filter(e -> !e.getKey().startsWith("kibana.alert.rule.") && !e.getKey().startsWith("kibana.alert.original_event")
                        && !e.getKey().equals("kibana.alert.ancestors") && !e.getKey().equals("kibana.alert.reason"))
                .filter(e -> e.getKey().startsWith("source.") || e.getKey().startsWith("Esql.")
                        || e.getKey().startsWith("aws.cloudtrail.user_identity.access_key_id")
                        || e.getKey().equals("kibana.alert.new_terms") || e.getKey().equals("kibana.alert.original_time")
                        || e.getKey().equals("kibana.alert.severity"))
                .forEach(e -> out.append(out.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue()));
        return out.append('}').toString();
    }
}
