package dev.dac.validate;

import dev.dac.rule.RelativeTime;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A new terms rule compares its window ({@code from}..now) with history that starts at history_window_start; a
 * history that does not reach back before {@code from} makes every term new, and Kibana refuses such a rule.
 */
final class HistoryWindowLint implements RuleLint {

    private static final String POINTER = "/rule/new_terms/history_window_start/0/value";

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        if (!(model.rule().typeFields() instanceof TypeFields.NewTermsFields newTerms)) {
            return;
        }
        String history = newTerms.historyWindowStart();
        String from = model.rule().common().effectiveFrom();
        Optional<Duration> historyAge = RelativeTime.beforeNow(history);
        Optional<Duration> fromAge = RelativeTime.beforeNow(from);
        if (historyAge.isPresent() && fromAge.isPresent() && historyAge.get().compareTo(fromAge.get()) <= 0) {
            findings.add(rule.findingAt(Check.HISTORY_WINDOW_NOT_BEFORE_FROM, POINTER,
                    "history_window_start \"" + history + "\" is not earlier than from \"" + from
                            + "\"; the history must reach further back than the rule's window, e.g. \"now-10d\""));
        }
    }
}
