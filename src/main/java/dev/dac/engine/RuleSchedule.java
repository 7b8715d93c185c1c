package dev.dac.engine;

import dev.dac.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one scheduled run of a rule covers, as Kibana's {@code getRuleRangeTuples} and {@code getGapBetweenRuns}
 * compute it (x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/rule_types/utils/
 * utils.ts): the gap is the time since the previous run's start less the window's length (from..to); a positive gap
 * adds up to 4 catch-up windows, each one interval earlier than the last, and what they still leave uncovered is the
 * gap Kibana reports.
 */
public final class RuleSchedule {

    /** Kibana's MAX_RULE_GAP_RATIO: at most this many catch-up windows per run. */
    static final int MAX_CATCH_UP = 4;
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)([smhd])");

    private RuleSchedule() {}

    /**
     * The "now" of every window the run at {@code at} searches, oldest first (the run's own window last), and the gap
     * it reports, if any; {@code previousStart} is the start of the rule's previous run (null for the first).
     */
    public record Plan(List<Instant> windows, Optional<Gap> gap) {
        public Plan {
            windows = List.copyOf(windows);
        }
    }

    /** Time no run searched: from the previous run's start for {@code remaining}, as Kibana's gap range. */
    public record Gap(Instant from, Instant to) {

        public Duration remaining() {
            return Duration.between(from, to);
        }

        /** The rule execution log's message for a gap (security_rule_type_wrapper.ts). */
        public String message() {
            return Humanized.of(remaining()) + " (" + remaining().toMillis() + "ms) were not queried between this"
                    + " rule execution and the last execution, so signals may have been missed. Consider increasing"
                    + " your look behind time or adding more Kibana instances";
        }
    }

    /** The rule's interval ({@code 5m} by default), which Kibana reads with parseDuration: digits and s, m, h or d. */
    public static Duration interval(Rule rule) throws RuleExecutionException {
        String text = rule.common().effectiveInterval();
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new RuleExecutionException("interval '" + text + "' is not a schedule; write digits and s, m, h or"
                    + " d, such as 5m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static Plan plan(Rule rule, Instant previousStart, Instant at) throws RuleExecutionException {
        if (previousStart == null) {
            return new Plan(List.of(at), Optional.empty());
        }
        Duration window = Duration.between(RuleWindows.at(rule.common().effectiveFrom(), at),
                RuleWindows.at(rule.common().effectiveTo(), at));
        Duration gap = Duration.between(previousStart, at).minus(window);
        if (gap.isNegative() || gap.isZero()) {
            return new Plan(List.of(at), Optional.empty());
        }
        Duration interval = interval(rule);
        long catchUp = Math.min(MAX_CATCH_UP, ceilDiv(gap.toMillis(), interval.toMillis()));
        List<Instant> windows = new ArrayList<>();
        for (long k = catchUp; k >= 1; k--) {
            windows.add(at.minus(interval.multipliedBy(k)));
        }
        windows.add(at);
        Duration remaining = gap.minus(interval.multipliedBy(catchUp));
        return new Plan(windows, remaining.isNegative() || remaining.isZero() ? Optional.empty()
                : Optional.of(new Gap(previousStart, previousStart.plus(remaining))));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** moment.js's {@code Duration.humanize()} with its default thresholds, which Kibana's gap message uses. */
    static final class Humanized {
        private Humanized() {}

        static String of(Duration duration) {
            double ms = duration.toMillis();
            long seconds = Math.round(ms / 1000);
            long minutes = Math.round(ms / 60_000);
            long hours = Math.round(ms / 3_600_000);
            long days = Math.round(ms / 86_400_000);
            long months = Math.round(ms / (86_400_000 * 30.436875));
            long years = Math.round(ms / (86_400_000 * 365.2425));
            if (seconds <= 44) {
                return "a few seconds";
            }
            if (minutes <= 1) {
                return "a minute";
            }
            if (minutes < 45) {
                return minutes + " minutes";
            }
            if (hours <= 1) {
                return "an hour";
            }
            if (hours < 22) {
                return hours + " hours";
            }
            if (days <= 1) {
                return "a day";
            }
            if (days < 26) {
                return days + " days";
            }
            if (months <= 1) {
                return "a month";
            }
            if (months < 11) {
                return months + " months";
            }
            return years <= 1 ? "a year" : years + " years";
        }
    }
}
