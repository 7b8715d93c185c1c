package dev.dac.validate;

import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A new terms rule compares its window ({@code from}..now) with history that starts at history_window_start; a
 * history that does not reach back before {@code from} makes every term new, and Kibana refuses such a rule. Both
 * are resolved at the clock's now, since calendar months and years vary in length.
 */
final class HistoryWindowLint implements RuleLint {

    private static final String POINTER = "/rule/new_terms/history_window_start/0/value";

    private final Clock clock;

    HistoryWindowLint(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        if (!(model.rule().typeFields() instanceof TypeFields.NewTermsFields newTerms)) {
            return;
        }
        String history = newTerms.historyWindowStart();
        String from = model.rule().common().effectiveFrom();
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC); // one now for both, as they are compared
        Optional<Instant> historyStart = start(history, now);
        Optional<Instant> fromStart = start(from, now);
        if (historyStart.isPresent() && fromStart.isPresent() && !historyStart.get().isBefore(fromStart.get())) {
            findings.add(rule.findingAt(Check.HISTORY_WINDOW_NOT_BEFORE_FROM, POINTER,
                    "history_window_start \"" + history + "\" is not earlier than from \"" + from
                            + "\"; the history must reach further back than the rule's window, e.g. \"now-10d\""));
        }
    }

    /** Where the expression points now; empty when it is not date math (the schema check reports that). */
    private static Optional<Instant> start(String expression, Clock now) {
        try {
            return Optional.of(DateMath.parse(expression).resolve(now));
        } catch (DateMathException e) {
            return Optional.empty();
        }
    }
}
