package dev.dac.rule;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date as Elasticsearch reads it in a range query or a rule's {@code from}: {@code now} or a date, then date math
 * steps. It follows Elasticsearch's JavaDateMathParser
 * (server/src/main/java/org/elasticsearch/common/time/JavaDateMathParser.java) with the default date format
 * {@code strict_date_optional_time||epoch_millis}, in UTC:
 * <ul>
 * <li>{@code now} plus steps ({@code now-5m}, {@code now-1M/d}), or a date, alone or anchoring steps after
 * {@code ||} ({@code 2024-03-31||-1M});</li>
 * <li>a step is {@code +n}, {@code -n} (n defaults to 1) or {@code /} (rounding down, or up to the last
 * millisecond of the unit for an upper bound), then a unit: y M w d h H m s;</li>
 * <li>months and years are calendar ones, as java.time adds them: {@code now-1M} on 2024-03-31 is 2024-02-29;</li>
 * <li>a date alone that is missing its smaller units covers all of them: as an upper bound, {@code 2024-03} is
 * 2024-03-31T23:59:59.999Z.</li>
 * </ul>
 * Parsing checks the text once; {@link #resolve} turns it into an instant for a given clock.
 */
public final class DateMath {

    /** strict_date_optional_time: a four-digit year, then optionally month, day, time and an offset with the time. */
    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})"
            + "(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d+");
    private static final String UNITS = "yMwdhHms";
    private static final String FORMS = "write now, now-5m, now-1M/d, an ISO 8601 date such as"
            + " 2024-03-31T10:00:00Z, epoch milliseconds, or a date with steps such as 2024-03-31||-1M";

    private final String text;
    /** The date before any steps; null when the expression starts at now. */
    private final Instant date;
    /** The date read as an upper bound (its missing units filled in); only for a date without {@code ||}. */
    private final Instant dateRoundedUp;
    private final List<Step> steps;

    /** {@code +n unit}, {@code -n unit}, or {@code / unit} (rounding, with amount 1). */
    private record Step(char operator, int amount, char unit) {}

    private DateMath(String text, Instant date, Instant dateRoundedUp, List<Step> steps) {
        this.text = text;
        this.date = date;
        this.dateRoundedUp = dateRoundedUp;
        this.steps = List.copyOf(steps);
    }

    /** Reads {@code text} as Elasticsearch would, or says what is wrong with it. */
    public static DateMath parse(String text) throws DateMathException {
        if (text == null || text.isEmpty()) {
            throw new DateMathException("an empty date; " + FORMS);
        }
        if (text.startsWith("now")) {
            return new DateMath(text, null, null, steps(text, text.substring(3)));
        }
        int anchor = text.indexOf("||");
        if (anchor < 0) {
            return new DateMath(text, date(text, text, false), date(text, text, true), List.of());
        }
        if (anchor == 0) {
            throw new DateMathException("'" + text + "' has no date before '||'; " + FORMS);
        }
        String dateText = text.substring(0, anchor);
        return new DateMath(text, date(text, dateText, false), null, steps(text, text.substring(anchor + 2)));
    }

    /** The expression, or empty when {@code text} is not one; for callers that only ask whether it is. */
    public static java.util.Optional<DateMath> tryParse(String text) {
        try {
            return java.util.Optional.of(parse(text));
        } catch (DateMathException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A date as a document stores it: strict_date_optional_time or epoch_millis, without {@code now} or steps,
     * which only queries may use.
     */
    public static Instant date(String text) throws DateMathException {
        DateMath parsed = parse(text);
        if (parsed.date == null || parsed.dateRoundedUp == null) {
            throw new DateMathException("'" + text + "' is date math; a stored date is an ISO 8601 date or epoch"
                    + " milliseconds");
        }
        return parsed.date;
    }

    /** Whether the expression starts at now, so that it moves with the clock. */
    public boolean isRelative() {
        return date == null;
    }

    public String text() {
        return text;
    }

    /** The instant this expression names at the clock's now, read as a lower bound. */
    public Instant resolve(Clock clock) throws DateMathException {
        return resolve(clock, false);
    }

    /**
     * The instant this expression names at the clock's now. {@code roundUp} reads it as an inclusive upper bound
     * (Elasticsearch does so for lte and gt): rounding goes to the unit's last millisecond, and a date missing its
     * smaller units to their end.
     */
    public Instant resolve(Clock clock, boolean roundUp) throws DateMathException {
        Objects.requireNonNull(clock, "clock");
        if (date != null && dateRoundedUp != null) {
            return roundUp ? dateRoundedUp : date;
        }
        // Elasticsearch's now has millisecond precision
        Instant start = date != null ? date : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ZonedDateTime time = start.atZone(ZoneOffset.UTC);
        try {
            for (Step step : steps) {
                time = step.operator() == '/' ? round(time, step.unit(), roundUp)
                        : add(time, step.operator() == '-' ? -(long) step.amount() : step.amount(), step.unit());
            }
            return time.toInstant();
        } catch (DateTimeException | ArithmeticException e) {
            throw new DateMathException("'" + text + "' lies outside the dates Elasticsearch can represent");
        }
    }

    private static ZonedDateTime add(ZonedDateTime time, long amount, char unit) {
        return switch (unit) {
            case 'y' -> time.plusYears(amount);
            case 'M' -> time.plusMonths(amount);
            case 'w' -> time.plusWeeks(amount);
            case 'd' -> time.plusDays(amount);
            case 'h', 'H' -> time.plusHours(amount);
            case 'm' -> time.plusMinutes(amount);
            default -> time.plusSeconds(amount);
        };
    }

    private static ZonedDateTime round(ZonedDateTime time, char unit, boolean roundUp) {
        ZonedDateTime down = switch (unit) {
            case 'y' -> time.withDayOfYear(1).with(LocalTime.MIN);
            case 'M' -> time.withDayOfMonth(1).with(LocalTime.MIN);
            case 'w' -> time.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).with(LocalTime.MIN);
            case 'd' -> time.with(LocalTime.MIN);
            case 'h', 'H' -> time.truncatedTo(ChronoUnit.HOURS);
            case 'm' -> time.truncatedTo(ChronoUnit.MINUTES);
            default -> time.truncatedTo(ChronoUnit.SECONDS);
        };
        // rounding up ends on the last millisecond of the unit, the largest value an inclusive bound includes
        return roundUp ? add(down, 1, unit).minus(1, ChronoUnit.MILLIS) : down;
    }

    private static List<Step> steps(String text, String math) throws DateMathException {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < math.length()) {
            char operator = math.charAt(i++);
            if (operator != '+' && operator != '-' && operator != '/') {
                throw new DateMathException("'" + text + "': '" + operator + "' is not a date math step; steps are"
                        + " +<n><unit>, -<n><unit> or /<unit>, as in now-5m or now-1M/d");
            }
            int digits = i;
            while (i < math.length() && Character.isDigit(math.charAt(i)) && math.charAt(i) < 128) {
                i++;
            }
            if (i >= math.length()) {
                throw new DateMathException("'" + text + "': the step '" + math.substring(digits - 1) + "' has no"
                        + " unit; add one of y M w d h H m s, as in now-5m");
            }
            int amount = 1;
            if (i > digits) {
                try {
                    amount = Integer.parseInt(math.substring(digits, i));
                } catch (NumberFormatException e) {
                    throw new DateMathException("'" + text + "': the amount " + math.substring(digits, i)
                            + " is too large (at most " + Integer.MAX_VALUE + ")");
                }
            }
            if (operator == '/' && amount != 1) {
                throw new DateMathException("'" + text + "': rounding takes a single unit, as in now/d, not /"
                        + math.substring(digits, i + 1));
            }
            char unit = math.charAt(i++);
            if (UNITS.indexOf(unit) < 0) {
                throw new DateMathException("'" + text + "': '" + unit + "' is not a date math unit; use y (years),"
                        + " M (months), w (weeks), d (days), h or H (hours), m (minutes) or s (seconds)");
            }
            steps.add(new Step(operator, amount, unit));
        }
        return steps;
    }

    /** A date in strict_date_optional_time or epoch_millis; {@code roundUp} fills missing units with their end. */
    private static Instant date(String text, String date, boolean roundUp) throws DateMathException {
        Matcher m = DATE.matcher(date);
        try {
            if (m.matches()) {
                return isoDate(m, roundUp);
            }
            if (EPOCH_MILLIS.matcher(date).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(date));
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw new DateMathException("'" + text + "': '" + date + "' is not a valid date (" + e.getMessage()
                    + ")");
        }
        throw new DateMathException("'" + text + "' is not a date Elasticsearch reads; " + FORMS);
    }

    private static Instant isoDate(Matcher m, boolean roundUp) {
        int year = Integer.parseInt(m.group(1));
        LocalDate day;
        if (m.group(3) != null) {
            day = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } else {
            LocalDate first = LocalDate.of(year, m.group(2) == null ? 1 : Integer.parseInt(m.group(2)), 1);
            if (!roundUp) {
                day = first;
            } else {
                day = m.group(2) == null ? first.withMonth(12).withDayOfMonth(31) : first.with(
                        TemporalAdjusters.lastDayOfMonth());
            }
        }
        String[] time = {m.group(4), m.group(5), m.group(6)};
        LocalDateTime local = day.atTime(LocalTime.of(
                time[0] == null ? 0 : Integer.parseInt(time[0]),
                time[1] == null ? 0 : Integer.parseInt(time[1]),
                time[2] == null ? 0 : Integer.parseInt(time[2]),
                m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9))));
        ZoneOffset offset = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
        Instant instant = local.toInstant(offset);
        if (roundUp && m.group(7) == null) {
            // the last millisecond of the smallest unit written
            ChronoUnit written = time[2] != null ? ChronoUnit.SECONDS : time[1] != null ? ChronoUnit.MINUTES
                    : time[0] != null ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            instant = instant.plus(1, written).minusMillis(1);
        }
        return instant;
    }

    @Override
    public String toString() {
        return text;
    }
}
