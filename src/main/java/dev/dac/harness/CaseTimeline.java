package dev.dac.harness;

import dev.dac.engine.RuleExecutionException;
import dev.dac.engine.RuleSchedule;
import dev.dac.engine.RuleScheduler.ScheduledRun;
import dev.dac.validate.CheckedRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * A case's executions in the order they run, and its expectations checked against what the runs created: per rule
 * in total, or per execution; duplicates and gaps as Kibana reports them. A gap no expectation names is a failure, so
 * a timeline that leaves time unsearched never passes unnoticed.
 */
final class CaseTimeline {

    /** More executions than this in one case is a mistake in its schedule (every 1s over a week, say). */
    static final int MAX_EXECUTIONS = 10_000;

    private CaseTimeline() {}

    /**
     * Every execution of the case, each naming one rule, by instant; at the same instant rules run in the case's
     * order. A case without a timeline runs each of its rules once, at its execution time.
     */
    static List<Timeline.Run> executions(TestCase testCase, Map<String, CheckedRule> rules)
            throws RuleExecutionException {
        Timeline timeline = testCase.timeline();
        List<Timeline.Run> runs = new ArrayList<>();
        if (timeline.isNone()) {
            testCase.ruleIds().forEach(id -> runs.add(new Timeline.Run(testCase.executeAt(), id)));
            return runs;
        }
        for (Timeline.Run run : timeline.runs()) {
            if (run.ruleId() == null) {
                testCase.ruleIds().forEach(id -> runs.add(new Timeline.Run(run.at(), id)));
            } else {
                runs.add(run);
            }
        }
        if (timeline.schedule().isPresent()) {
            Timeline.Schedule schedule = timeline.schedule().get();
            for (String id : testCase.ruleIds().stream().distinct().toList()) {
                Duration every = schedule.every() != null ? schedule.every()
                        : RuleSchedule.interval(rules.get(id).ruleFile().rule());
                for (Instant at = schedule.start(); !at.isAfter(schedule.end()); at = at.plus(every)) {
                    runs.add(new Timeline.Run(at, id));
                    if (runs.size() > MAX_EXECUTIONS) {
                        throw new RuleExecutionException("the case's schedule makes more than " + MAX_EXECUTIONS
                                + " executions; shorten it or run less often (every = ...)");
                    }
                }
            }
        }
        List<String> order = testCase.ruleIds();
        runs.sort(Comparator.comparing(Timeline.Run::at).thenComparing(r -> order.indexOf(r.ruleId())));
        return runs;
    }

    /** Each expectation against the runs of its rule (all of them, or the one at its instant). */
    static List<CaseResult.RuleOutcome> outcomes(TestCase testCase, List<ScheduledRun> runs) {
        List<CaseResult.RuleOutcome> outcomes = new ArrayList<>();
        for (TestCase.Expectation expectation : testCase.expectations()) {
            List<ScheduledRun> own = runs.stream().filter(r -> r.ruleId().equals(expectation.ruleId())
                    && (expectation.at() == null || r.at().equals(expectation.at()))).toList();
            List<ObjectNode> created = own.stream().flatMap(r -> r.created().stream()).toList();
            int duplicates = own.stream().mapToInt(ScheduledRun::duplicates).sum();
            List<String> differences = new ArrayList<>();
            if (own.isEmpty() && expectation.at() != null) {
                differences.add("rule " + expectation.ruleId() + " has no execution at " + expectation.at()
                        + "; it runs at " + instants(runs, expectation.ruleId()));
            }
            differences.addAll(AlertMatcher.differences(expectation, created));
            if (expectation.duplicates() != null && expectation.duplicates() != duplicates) {
                differences.add("expected " + expectation.duplicates() + " duplicate alerts of rule "
                        + expectation.ruleId() + " (raised again, already stored, not created), got " + duplicates);
            }
            List<String> gaps = own.stream().flatMap(r -> r.gap().stream()).map(RuleSchedule.Gap::message).toList();
            if (expectation.gap() != null && gaps.stream().noneMatch(g -> g.contains(expectation.gap()))) {
                differences.add("expected rule " + expectation.ruleId() + " to report a gap containing \""
                        + expectation.gap() + "\", " + (gaps.isEmpty() ? "it reported none"
                                : "it reported: " + String.join(" | ", gaps)));
            }
            String request = own.isEmpty() ? "" : own.get(own.size() - 1).request();
            outcomes.add(new CaseResult.RuleOutcome(expectation, created, differences, request, duplicates));
        }
        return unexpectedGaps(testCase, runs, outcomes);
    }

    /** A gap that no expectation of its rule (in total or at its execution) names is a difference too. */
    private static List<CaseResult.RuleOutcome> unexpectedGaps(TestCase testCase, List<ScheduledRun> runs,
            List<CaseResult.RuleOutcome> outcomes) {
        List<CaseResult.RuleOutcome> result = new ArrayList<>(outcomes);
        for (ScheduledRun run : runs) {
            if (run.gap().isEmpty()) {
                continue;
            }
            String message = run.gap().get().message();
            boolean named = testCase.expectations().stream().anyMatch(e -> e.ruleId().equals(run.ruleId())
                    && e.gap() != null && (e.at() == null || e.at().equals(run.at())) && message.contains(e.gap()));
            if (named || result.isEmpty()) {
                continue;
            }
            int at = 0;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).expectation().ruleId().equals(run.ruleId())) {
                    at = i;
                    break;
                }
            }
            CaseResult.RuleOutcome outcome = result.get(at);
            List<String> differences = new ArrayList<>(outcome.differences());
            differences.add("rule " + run.ruleId() + " reported a gap at its execution at " + run.at() + " that the"
                    + " case does not expect: \"" + message + "\"; add gap = \"...\" to its [[case.expect]] if the gap"
                    + " is the point, else run it more often");
            result.set(at, new CaseResult.RuleOutcome(outcome.expectation(), outcome.actual(), differences,
                    outcome.request(), outcome.duplicates()));
        }
        return result;
    }

    private static String instants(List<ScheduledRun> runs, String ruleId) {
        List<String> all = runs.stream().filter(r -> r.ruleId().equals(ruleId)).map(r -> r.at().toString()).toList();
        return all.isEmpty() ? "no time at all" : all.stream().limit(5).collect(Collectors.joining(", "))
                + (all.size() > 5 ? " and " + (all.size() - 5) + " more" : "");
    }
}
