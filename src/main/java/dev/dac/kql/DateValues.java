package dev.dac.kql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as Elasticsearch reads them in queries on date fields: ISO 8601 with or without time and zone (UTC when
 * none), epoch milliseconds, and {@code now} date math. A bound missing its smaller units is rounded down, or up to
 * the last millisecond when {@code roundUp} (lte and gt bounds), as Elasticsearch does.
 */
final class DateValues {

    private static final Pattern NOW = Pattern.compile("^now(?:([+-])(\\d+)([smhdwMy]))?(?:/([smhdwMy]))?$");
    private static final Pattern DATE_ONLY = Pattern.compile("^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?$");

    private DateValues() {}

    static Optional<Instant> parse(String text, boolean roundUp) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        try {
            if (t.matches("\\d{5,}")) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(t)));
            }
            Matcher now = NOW.matcher(t);
            if (now.matches()) {
                return Optional.of(dateMath(now, roundUp));
            }
            Matcher date = DATE_ONLY.matcher(t);
            if (date.matches()) {
                int year = Integer.parseInt(date.group(1));
                int month = date.group(2) == null ? (roundUp ? 12 : 1) : Integer.parseInt(date.group(2));
                LocalDate day = date.group(3) != null ? LocalDate.of(year, month, Integer.parseInt(date.group(3)))
                        : roundUp ? LocalDate.of(year, month, 1).plusMonths(1).minusDays(1) : LocalDate.of(year, month, 1);
                Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
                return Optional.of(roundUp ? start.plus(1, ChronoUnit.DAYS).minusMillis(1) : start);
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                return Optional.of(OffsetDateTime.parse(t.replaceAll("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant());
            }
            LocalDateTime local = LocalDateTime.parse(t);
            Instant instant = local.toInstant(ZoneOffset.UTC);
            if (roundUp) {
                // "2024-01-01T10:15" as an upper bound means up to 10:15:59.999
                int colons = t.length() - t.replace(":", "").length();
                if (colons == 1) {
                    instant = instant.plus(1, ChronoUnit.MINUTES).minusMillis(1);
                } else if (colons == 0) {
                    instant = instant.plus(1, ChronoUnit.HOURS).minusMillis(1);
                } else if (!t.contains(".")) {
                    instant = instant.plusSeconds(1).minusMillis(1);
                }
            }
            return Optional.of(instant);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Instant dateMath(Matcher m, boolean roundUp) {
        Instant now = Instant.now();
        if (m.group(1) != null) {
            long amount = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
            now = now.plus(amount * seconds(m.group(3)), ChronoUnit.SECONDS);
        }
        if (m.group(4) != null) {
            long unit = seconds(m.group(4)) * 1000;
            long floor = Math.floorDiv(now.toEpochMilli(), unit) * unit;
            now = Instant.ofEpochMilli(roundUp ? floor + unit - 1 : floor);
        }
        return now;
    }

    private static long seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86400;
            case "w" -> 7 * 86400;
            case "M" -> 30 * 86400;
            default -> 365 * 86400;
        };
    }
}
