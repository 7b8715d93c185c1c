package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A rule's window edges are date math at the execution's now, with calendar months. */
class RuleWindowsTest {

    private static final Execution END_OF_MARCH =
            new Execution(Instant.parse("2024-03-31T10:00:00Z"), "default", null, "8.19.0");

    @Test
    void edgesAreDateMathAtTheExecutionsNow() throws Exception {
        assertThat(RuleWindows.at("now", END_OF_MARCH)).isEqualTo(Instant.parse("2024-03-31T10:00:00Z"));
        assertThat(RuleWindows.at("now-6m", END_OF_MARCH)).isEqualTo(Instant.parse("2024-03-31T09:54:00Z"));
        assertThat(RuleWindows.at("now-1M", END_OF_MARCH)).isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
        assertThat(RuleWindows.at("now-1M/d", END_OF_MARCH)).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @Test
    void anExpressionThatIsNoDateMathStopsTheRunWithTheReason() {
        RuleExecutionException e = catchThrowableOfType(RuleExecutionException.class,
                () -> RuleWindows.at("now-6", END_OF_MARCH));
        assertThat(e).hasMessageContaining("'now-6': the step '-6' has no unit");
    }
}
