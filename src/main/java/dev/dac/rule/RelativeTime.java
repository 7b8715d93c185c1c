package dev.dac.rule;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date math relative to now as rules write it ({@code now}, {@code now-6m}, {@code now-10d}), read as how far before
 * the execution time it lies. Months and years count as 30 and 365 days, as Elasticsearch date math does not fix
 * them either; the figures serve ordering and window sizes.
 */
public final class RelativeTime {

    private static final Pattern NOW_MINUS = Pattern.compile("^now(?:-(\\d+)([smhdwMy]))?$");

    private RelativeTime() {}

    /** How long before now {@code expression} points, or empty if it is not {@code now} or {@code now-<n><unit>}. */
    public static Optional<Duration> beforeNow(String expression) {
        if (expression == null) {
            return Optional.empty();
        }
        Matcher m = NOW_MINUS.matcher(expression.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) == null) {
            return Optional.of(Duration.ZERO);
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Duration unit = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            case "w" -> Duration.ofDays(7);
            case "M" -> Duration.ofDays(30);
            default -> Duration.ofDays(365);
        };
        try {
            return Optional.of(unit.multipliedBy(amount));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
