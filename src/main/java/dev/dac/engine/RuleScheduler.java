package dev.dac.engine;

import dev.dac.validate.CheckedRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs rules on a schedule as Kibana's task manager and rule executor would: each rule remembers its previous run,
 * a late run also searches its catch-up windows (see {@link RuleSchedule}), every window's alerts are written to the
 * same alerts index, and only the alerts created count (duplicates of stored alerts are counted apart). Rules run
 * later read the alerts created so far. Nothing is kept between runs but each rule's previous start.
 */
public final class RuleScheduler {

    private final RuleEngine engine = new RuleEngine();
    private final Map<String, Instant> previousStarts = new HashMap<>();

    /** One scheduled run of one rule: what it created, the duplicates, the gap it reported, and how long it took. */
    public record ScheduledRun(String ruleId, Instant at, List<ObjectNode> created, int duplicates, int windows,
            Optional<RuleSchedule.Gap> gap, String request, Duration took) {
        public ScheduledRun {
            created = List.copyOf(created);
        }
    }

    /** Runs {@code rule} at {@code execution}'s instant, after its earlier runs (instants must not go back). */
    public ScheduledRun run(CheckedRule rule, Execution execution) throws RuleExecutionException, IOException {
        long started = System.nanoTime();
        String ruleId = rule.ruleId().orElse("?");
        Instant previous = previousStarts.get(ruleId);
        if (previous != null && execution.at().isBefore(previous)) {
            throw new RuleExecutionException("rule " + ruleId + " runs at " + execution.at() + ", before its run at "
                    + previous + "; executions of a rule must go forward in time");
        }
        RuleSchedule.Plan plan = RuleSchedule.plan(rule.ruleFile().rule(), previous, execution.at());
        previousStarts.put(ruleId, execution.at());
        List<ObjectNode> created = new ArrayList<>();
        int duplicates = 0;
        String request = null;
        for (Instant now : plan.windows()) {
            RuleRun run = engine.run(rule, execution.movedTo(now));
            created.addAll(run.created());
            duplicates += run.duplicates();
            request = run.request();
        }
        return new ScheduledRun(ruleId, execution.at(), created, duplicates, plan.windows().size(), plan.gap(),
                request, Duration.ofNanos(System.nanoTime() - started));
    }
}
