package dev.dac.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a case's rules run, besides (or instead of) once at its execution time: explicit executions, and a schedule
 * from {@code start} to {@code end} every {@code every} (each rule's own interval when not given).
 */
public record Timeline(List<Run> runs, Optional<Schedule> schedule) {

    /** No timeline: every rule of the case runs once, at the case's execution time. */
    public static final Timeline NONE = new Timeline(List.of(), Optional.empty());

    public Timeline {
        runs = List.copyOf(runs);
    }

    public boolean isNone() {
        return runs.isEmpty() && schedule.isEmpty();
    }

    /** An execution of one rule (null: every rule of the case, in their order) at an instant. */
    public record Run(Instant at, String ruleId) {}

    /** Executions at start, start + every, ... up to end included; every null means the rule's interval. */
    public record Schedule(Instant start, Instant end, Duration every) {}
}
