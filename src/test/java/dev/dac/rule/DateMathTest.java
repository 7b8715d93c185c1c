package dev.dac.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Date math as Elasticsearch's JavaDateMathParser computes it, against fixed clocks. */
class DateMathTest {

    @ParameterizedTest(name = "{1} at {0}, round up {2} → {3}")
    @CsvSource({
        // now has millisecond precision
        "2024-03-31T10:15:30.123456Z, now,             false, 2024-03-31T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-5m,          false, 2024-03-31T10:10:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-5m,          true,  2024-03-31T10:10:30.123Z",
        "2024-03-31T10:15:30.123456Z, now+1h,          false, 2024-03-31T11:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-90s,         false, 2024-03-31T10:14:00.123Z",
        "2024-03-31T10:15:30.123456Z, now-d,           false, 2024-03-30T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-1w,          false, 2024-03-24T10:15:30.123Z",
        // calendar months and years, clamped to the month's last day
        "2024-03-31T10:15:30.123456Z, now-1M,          false, 2024-02-29T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-2M,          false, 2024-01-31T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-1M-1M,       false, 2024-01-29T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now+1M,          false, 2024-04-30T10:15:30.123Z",
        "2024-03-31T10:15:30.123456Z, now-1y,          false, 2023-03-31T10:15:30.123Z",
        "2024-01-31T00:00:00Z,        now+1M,          false, 2024-02-29T00:00:00Z",
        "2023-03-31T00:00:00Z,        now-1M,          false, 2023-02-28T00:00:00Z",
        "2024-02-29T12:00:00Z,        now-1y,          false, 2023-02-28T12:00:00Z",
        "2024-02-29T12:00:00Z,        now+1y,          false, 2025-02-28T12:00:00Z",
        "2024-02-29T12:00:00Z,        now+4y,          false, 2028-02-29T12:00:00Z",
        "2024-02-29T12:00:00Z,        now-12M,         false, 2023-02-28T12:00:00Z",
        // rounding: down, or up to the unit's last millisecond
        "2024-03-31T10:15:30.123456Z, now-1M/d,        false, 2024-02-29T00:00:00Z",
        "2024-03-31T10:15:30.123456Z, now-1M/d,        true,  2024-02-29T23:59:59.999Z",
        "2024-03-31T10:15:30.123456Z, now/M,           false, 2024-03-01T00:00:00Z",
        "2024-03-31T10:15:30.123456Z, now/M,           true,  2024-03-31T23:59:59.999Z",
        "2024-02-10T10:15:30Z,        now/M,           true,  2024-02-29T23:59:59.999Z",
        "2024-03-31T10:15:30.123456Z, now/y,           false, 2024-01-01T00:00:00Z",
        "2024-03-31T10:15:30.123456Z, now/y,           true,  2024-12-31T23:59:59.999Z",
        "2024-03-31T10:15:30.123456Z, now/w,           false, 2024-03-25T00:00:00Z",
        "2024-03-31T10:15:30.123456Z, now/w,           true,  2024-03-31T23:59:59.999Z",
        "2024-03-31T10:15:30.123456Z, now/h,           false, 2024-03-31T10:00:00Z",
        "2024-03-31T10:15:30.123456Z, now/H,           true,  2024-03-31T10:59:59.999Z",
        "2024-03-31T10:15:30.123456Z, now/m,           false, 2024-03-31T10:15:00Z",
        "2024-03-31T10:15:30.123456Z, now/s,           false, 2024-03-31T10:15:30Z",
        "2024-03-31T10:15:30.123456Z, now/1d,          false, 2024-03-31T00:00:00Z",
        "2024-03-31T10:15:30.123456Z, now/d+1h,        false, 2024-03-31T01:00:00Z",
        // dates, alone or anchoring steps after ||; the clock does not matter
        "2024-03-31T10:15:30Z,        2024-03-31||-1M, false, 2024-02-29T00:00:00Z",
        "2024-03-31T10:15:30Z,        2024-02-29||+1y/M, false, 2025-02-01T00:00:00Z",
        "2024-03-31T10:15:30Z,        2024-02-29||+1y/M, true, 2025-02-28T23:59:59.999Z",
        "2024-03-31T10:15:30Z,        2024||+1M,       true,  2024-02-01T00:00:00Z",
        "2024-03-31T10:15:30Z,        2024-03,         false, 2024-03-01T00:00:00Z",
        "2024-03-31T10:15:30Z,        2024-03,         true,  2024-03-31T23:59:59.999Z",
        "2024-03-31T10:15:30Z,        2024,            true,  2024-12-31T23:59:59.999Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10,   true,  2024-03-31T10:59:59.999Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10:15, true, 2024-03-31T10:15:59.999Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10:15:30, true, 2024-03-31T10:15:30.999Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10:15:30.5Z, true, 2024-03-31T10:15:30.500Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10:15:30+02:00, false, 2024-03-31T08:15:30Z",
        "2024-03-31T10:15:30Z,        2024-03-31T10:15:30-0130, false, 2024-03-31T11:45:30Z",
        "2024-03-31T10:15:30Z,        1711880130123,   false, 2024-03-31T10:15:30.123Z",
        "2024-03-31T10:15:30Z,        0,               false, 1970-01-01T00:00:00Z"})
    void resolvesAsElasticsearchDoes(String now, String expression, boolean roundUp, String expected)
            throws Exception {
        Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        assertThat(DateMath.parse(expression).resolve(clock, roundUp)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = ';', value = {
        "''                ; an empty date",
        "yesterday         ; 'yesterday' is not a date Elasticsearch reads; write now, now-5m",
        "NOW-1d            ; is not a date Elasticsearch reads",
        "' now-1d'         ; is not a date Elasticsearch reads",
        "now-5             ; 'now-5': the step '-5' has no unit; add one of y M w d h H m s",
        "now-              ; 'now-': the step '-' has no unit",
        "now-5x            ; 'now-5x': 'x' is not a date math unit; use y (years), M (months)",
        "now*2d            ; 'now*2d': '*' is not a date math step; steps are +<n><unit>, -<n><unit> or /<unit>",
        "now -5m           ; ' ' is not a date math step",
        "now/2d            ; 'now/2d': rounding takes a single unit, as in now/d, not /2d",
        "now-99999999999d  ; the amount 99999999999 is too large",
        "2024-02-30        ; '2024-02-30' is not a valid date",
        "2024-13           ; is not a valid date",
        "2024-03-31T25:00  ; is not a valid date",
        "2024-03-31 10:00  ; is not a date Elasticsearch reads",
        "||-1d             ; has no date before '||'",
        "2024-03-31||1d    ; '1' is not a date math step"})
    void malformedExpressionsAreRefusedWithTheReason(String expression, String message) {
        DateMathException e = catchThrowableOfType(DateMathException.class, () -> DateMath.parse(expression));
        assertThat(e).as(expression).isNotNull();
        assertThat(e.getMessage()).contains(message);
        assertThat(DateMath.tryParse(expression)).isEmpty();
    }

    @Test
    void expressionsBeyondTheCalendarFailWhenResolved() throws Exception {
        DateMath far = DateMath.parse("now+2147483647y");
        DateMathException e = catchThrowableOfType(DateMathException.class, () -> far.resolve(Clock.systemUTC()));
        assertThat(e).hasMessageContaining("'now+2147483647y' lies outside the dates Elasticsearch can represent");
    }

    @Test
    void storedDatesAreDatesWithoutMath() throws Exception {
        assertThat(DateMath.date("2024-03-31T10:15:30Z")).isEqualTo(Instant.parse("2024-03-31T10:15:30Z"));
        assertThat(DateMath.date("2024-03")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(catchThrowableOfType(DateMathException.class, () -> DateMath.date("now-1d")))
                .hasMessageContaining("'now-1d' is date math");
        assertThat(catchThrowableOfType(DateMathException.class, () -> DateMath.date("2024-03-31||-1d")))
                .hasMessageContaining("is date math");
    }

    @Test
    void onlyExpressionsFromNowAreRelative() throws Exception {
        assertThat(DateMath.parse("now-1M/d").isRelative()).isTrue();
        assertThat(DateMath.parse("2024-03-31||-1M").isRelative()).isFalse();
        assertThat(DateMath.parse("2024-03-31").isRelative()).isFalse();
    }
}
