package dev.dac.engine;

import dev.dac.rule.RelativeTime;
import dev.dac.rule.Rule;
import java.time.Duration;
import java.time.Instant;

/** The search window of one execution: from the rule's {@code from} to its {@code to}, relative to the run's now. */
final class RuleWindows {

    private RuleWindows() {}

    static TimeRange window(Rule rule, Execution execution) throws RuleExecutionException {
        return new TimeRange(at(rule.common().effectiveFrom(), execution), at(rule.common().effectiveTo(), execution),
                rule.common().timestampOverride());
    }

    static Instant at(String expression, Execution execution) throws RuleExecutionException {
        Duration before = RelativeTime.beforeNow(expression).orElseThrow(() -> new RuleExecutionException(
                "'" + expression + "' is not date math dac can run (now or now-<n><unit>)"));
        return execution.at().minus(before);
    }
}
