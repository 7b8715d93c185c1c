package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.RuleTexts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java API runs only validated rules: a rule with an error fails the cases instead of running. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class RuleTestRunRefusesInvalidRulesTest {

    @Test
    void aRuleWithAnErrorFailsEveryCaseAndNothingReachesElasticsearch(RunningElasticsearch es, RuleTestRun run)
            throws Exception {
        assertThat(run.problems()).as("the shipped rules validate").isEmpty();
        String broken = RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), "risk_score = 47", "risk_score = 90");
        RuleTestRun edited = run.withRules(RuleTexts.checked(RuleTexts.NEW_IP_RULE, broken));
        TestCase testCase = edited.cases().stream()
                .filter(c -> c.name().equals("a long-term key used from a new IP alerts")).findFirst().orElseThrow();

        TestReport report = edited.run(List.of(testCase), es, Duration.ZERO, r -> { });

        assertThat(edited.problems()).anySatisfy(p -> assertThat(p).contains("DAC101").contains(":53:"));
        assertThat(report.succeeded()).isFalse();
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.error()).contains("validation errors");
        });
        assertThat(es.client().indices().exists(e -> e.index("logs-aws.cloudtrail-default")).value()).isFalse();
    }
}
