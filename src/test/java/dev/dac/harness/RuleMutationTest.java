package dev.dac.harness;

import org.junit.jupiter.api.Tag;
import dev.dac.cluster.RunningElasticsearch;

import dev.dac.harness.junit.DacElasticsearch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.validate.RuleTexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixture cases are worth something only if they fail when the rule is wrong: each mutation removes (or weakens)
 * one clause of a shipped rule, and the case written for that clause must then fail, while it passes on the real rule.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class RuleMutationTest {

    static Stream<Arguments> mutations() {
        Path newIp = RuleTexts.NEW_IP_RULE;
        Path correlation = RuleTexts.CORRELATION_RULE;
        Path encodedPowershell = Path.of("rules/windows/execution_office_app_spawning_encoded_powershell.toml");
        Path decodeThenRun = Path.of("rules/windows/defense_evasion_certutil_decode_then_execution.toml");
        return Stream.of(
                Arguments.of(newIp, "and event.outcome: \"success\"\n", "", "failed calls do not alert"),
                Arguments.of(newIp, "and aws.cloudtrail.user_identity.access_key_id: AKIA*\n",
                        "and aws.cloudtrail.user_identity.access_key_id: *\n", "temporary ASIA keys do not alert"),
                Arguments.of(newIp, "event.dataset: \"aws.cloudtrail\"\nand ", "",
                        "events of another dataset do not alert"),
                Arguments.of(newIp, "value = \"now-10d\"", "value = \"now-2d\"",
                        "the same key and IP seen inside the history window do not alert"),
                Arguments.of(newIp, "timestamp_override = \"event.ingested\"\n", "",
                        "the window is on event.ingested: an old event ingested just now alerts"),
                Arguments.of(correlation, "| where kibana.alert.workflow_status == \"open\"\n    and ", "| where ",
                        "a closed alert of the other rule does not correlate"),
                Arguments.of(correlation, "    and not kibana.alert.rule.name like \"Deprecated - *\"\n", "",
                        "an alert of a deprecated rule does not correlate"),
                Arguments.of(correlation, "    and not KQL(\"\"\"kibana.alert.rule.tags : \"Rule Type: Higher-Order Rule\" "
                        + "\"\"\")\n", "", "an alert of another higher-order rule does not correlate"),
                Arguments.of(correlation, "    and not kibana.alert.rule.type in (\"threat_match\", \"machine_learning\")\n",
                        "", "indicator match alerts do not correlate"),
                Arguments.of(correlation, "| where Esql.alert_count_long_term_key_new_ip_rule > 0\n    and ", "| where ",
                        "elevated alerts alone, without a first-seen alert, do not correlate"),
                // EQL event query (dac answers it itself on the local node)
                Arguments.of(encodedPowershell, " and event.type == \"start\" and\n", " and\n",
                        "the process ending is no start and does not alert"),
                Arguments.of(encodedPowershell, "process.parent.name : (", "process.parent.name like (",
                        "':' ignores case: POWERSHELL.EXE started by EXCEL.EXE with -EncodedCommand alerts"),
                Arguments.of(encodedPowershell, " and\n  process.args : (\"-enc\", \"-encodedcommand\", \"-e\", \"-ec\")",
                        "", "PowerShell from Word without an encoded command does not alert"),
                // EQL sequence: maxspan, join keys, until
                Arguments.of(decodeThenRun, "with maxspan=2m", "with maxspan=5m",
                        "the program starts three minutes after the decode: maxspan=2m is exceeded, no alert"),
                Arguments.of(decodeThenRun, "sequence by host.id, user.name", "sequence by host.id",
                        "another user runs the program: the join key (host.id, user.name) differs, no alert"),
                Arguments.of(decodeThenRun, "until [process where event.type == \"end\" and process.name : \"explorer.exe\"]\n",
                        "", "explorer.exe ends between the two events: until cancels the sequence, no alert"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("mutations")
    void theCaseForAClauseFailsWithoutIt(Path ruleFile, String clause, String replacement, String caseName,
            RunningElasticsearch es) throws Exception {
        RuleTestRun run = RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures")));
        TestCase testCase = run.cases().stream().filter(c -> c.name().equals(caseName)).findFirst().orElseThrow();
        assertThat(run.run(List.of(testCase), es, Duration.ZERO, r -> { }).passed()).as("passes on the real rule")
                .isEqualTo(1);

        String mutated = RuleTexts.replace(RuleTexts.read(ruleFile), clause, replacement);
        var edited = RuleTexts.checked(ruleFile, mutated);
        assertThat(edited.report().errors()).as("the mutated rule still validates").isEmpty();
        TestReport report = run.withRules(edited).run(List.of(testCase), es, Duration.ZERO, r -> { });

        assertThat(report.failed()).as("fails once the clause is gone").isEqualTo(1);
        assertThat(report.results().get(0).error()).as("fails on its expectation, not by crashing").isNull();
    }
}
