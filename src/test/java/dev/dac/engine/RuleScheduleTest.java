package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.Rule;
import dev.dac.validate.RuleTexts;
import dev.dac.validate.RuleValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kibana's schedule arithmetic (getRuleRangeTuples in rule_types/utils/utils.ts) on the seed first-seen rule: every
 * 5m over now-6m, so runs on time overlap by a minute; a late run adds up to 4 catch-up windows, and only what they
 * leave uncovered is a gap, worded as Kibana's rule execution log words it.
 */
class RuleScheduleTest {

    private static final Rule NEW_IP = new RuleValidator().validate(List.of(RuleTexts.NEW_IP_RULE)).rules().get(0)
            .ruleFile().rule();
    private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");

    @Test
    void theFirstRunAndRunsOnTimeSearchTheirOwnWindowOnly() throws Exception {
        assertThat(RuleSchedule.interval(NEW_IP)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RuleSchedule.plan(NEW_IP, null, NOW).windows()).containsExactly(NOW);
        RuleSchedule.Plan onTime = RuleSchedule.plan(NEW_IP, NOW.minus(Duration.ofMinutes(5)), NOW);
        assertThat(onTime.windows()).containsExactly(NOW);
        assertThat(onTime.gap()).isEmpty();
        // 6 minutes late is still no gap: exactly the window's length
        assertThat(RuleSchedule.plan(NEW_IP, NOW.minus(Duration.ofMinutes(6)), NOW).gap()).isEmpty();
    }

    @Test
    void aLateRunCatchesUpWithEarlierWindowsAndReportsOnlyWhatTheyLeave() throws Exception {
        // 20 minutes since the last start: gap 14m, 3 catch-up windows of 5m cover it, nothing is reported
        RuleSchedule.Plan late = RuleSchedule.plan(NEW_IP, NOW.minus(Duration.ofMinutes(20)), NOW);
        assertThat(late.windows()).containsExactly(NOW.minus(Duration.ofMinutes(15)),
                NOW.minus(Duration.ofMinutes(10)), NOW.minus(Duration.ofMinutes(5)), NOW);
        assertThat(late.gap()).isEmpty();

        // an hour: gap 54m, at most 4 catch-up windows (20m), 34m reported from the previous start
        RuleSchedule.Plan hour = RuleSchedule.plan(NEW_IP, NOW.minus(Duration.ofHours(1)), NOW);
        assertThat(hour.windows()).hasSize(5).endsWith(NOW);
        assertThat(hour.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
            assertThat(gap.remaining()).isEqualTo(Duration.ofMinutes(34));
            assertThat(gap.message()).isEqualTo("34 minutes (2040000ms) were not queried between this rule"
                    + " execution and the last execution, so signals may have been missed. Consider increasing your"
                    + " look behind time or adding more Kibana instances");
        });
    }

    @Test
    void gapsAreHumanizedAsMomentDoes() {
        assertThat(RuleSchedule.Humanized.of(Duration.ofSeconds(30))).isEqualTo("a few seconds");
        assertThat(RuleSchedule.Humanized.of(Duration.ofSeconds(80))).isEqualTo("a minute");
        assertThat(RuleSchedule.Humanized.of(Duration.ofMinutes(44))).isEqualTo("44 minutes");
        assertThat(RuleSchedule.Humanized.of(Duration.ofMinutes(50))).isEqualTo("an hour");
        assertThat(RuleSchedule.Humanized.of(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(RuleSchedule.Humanized.of(Duration.ofHours(30))).isEqualTo("a day");
        assertThat(RuleSchedule.Humanized.of(Duration.ofDays(3))).isEqualTo("3 days");
    }
}
