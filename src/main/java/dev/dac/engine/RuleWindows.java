package dev.dac.engine;

import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import dev.dac.rule.Rule;
import java.time.Instant;

/** The search window of one execution: from the rule's {@code from} to its {@code to}, relative to the run's now. */
final class RuleWindows {

    private RuleWindows() {}

    static TimeRange window(Rule rule, Execution execution) throws RuleExecutionException {
        return new TimeRange(at(rule.common().effectiveFrom(), execution), at(rule.common().effectiveTo(), execution),
                rule.common().timestampOverride());
    }

    static Instant at(String expression, Execution execution) throws RuleExecutionException {
        return at(expression, execution.at());
    }

    static Instant at(String expression, Instant now) throws RuleExecutionException {
        try {
            return DateMath.parse(expression).resolve(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        } catch (DateMathException e) {
            throw new RuleExecutionException(e.getMessage());
        }
    }
}
