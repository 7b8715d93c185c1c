package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One failing case per lint, on the seed rules or the per-type samples, plus the boundaries that must pass. */
class LintRulesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> failing() {
        String newIp = "new_ip";
        String correlation = "correlation";
        return Stream.of(
                new MutationCase("medium severity with a high risk score", newIp, "risk_score = 47", "risk_score = 48",
                        "DAC101", 53, "risk_score 48 is in the high band, but severity is \"medium\""),
                new MutationCase("low severity at 22", "query", "risk_score = 21", "risk_score = 22", "DAC101", 14,
                        "set severity = \"medium\" or move risk_score into 0-21"),
                new MutationCase("critical severity at 73", "threat_match", "risk_score = 99", "risk_score = 73", "DAC101",
                        13, "in the high band"),
                new MutationCase("updated before created", newIp, "updated_date = \"2026/04/06\"",
                        "updated_date = \"2026/04/05\"", "DAC102", 5, "updated_date 2026/04/05 is before creation_date"),
                new MutationCase("unknown technique id", newIp, "id = \"T1552\"", "id = \"T1999\"", "DAC105", 81,
                        "technique T1999 is not in dac's ATT&CK table"),
                new MutationCase("technique name mismatch", newIp, "name = \"Unsecured Credentials\"",
                        "name = \"Credentials in Files\"", "DAC106", 82,
                        "technique T1552 is named \"Unsecured Credentials\" in ATT&CK, not \"Credentials in Files\""),
                new MutationCase("tactic name mismatch", newIp, "name = \"Initial Access\"", "name = \"Initial Entry\"",
                        "DAC106", 105, "tactic TA0001 is named \"Initial Access\""),
                new MutationCase("sub-technique name mismatch", newIp, "name = \"Cloud Accounts\"", "name = \"Cloud Account\"",
                        "DAC106", 99, "sub-technique T1078.004 is named \"Cloud Accounts\""),
                new MutationCase("former technique name", "eql", "id = \"T1059\"\nname = \"Command and Scripting Interpreter\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1059/\"", "id = \"T1176\"\n"
                        + "name = \"Browser Extensions\"\nreference = \"https://attack.mitre.org/techniques/T1176/\"",
                        "DAC107", 28, "is named \"Software Extensions\" since ATT&CK renamed it"),
                new MutationCase("technique reference for another id", newIp,
                        "reference = \"https://attack.mitre.org/techniques/T1552/\"",
                        "reference = \"https://attack.mitre.org/techniques/T1550/\"", "DAC108", 83,
                        "expected https://attack.mitre.org/techniques/T1552/"),
                new MutationCase("tactic reference for another id", newIp,
                        "reference = \"https://attack.mitre.org/tactics/TA0001/\"",
                        "reference = \"https://attack.mitre.org/tactics/TA0002/\"", "DAC108", 106,
                        "expected https://attack.mitre.org/tactics/TA0001/"),
                new MutationCase("sub-technique under another technique", newIp, "id = \"T1078.004\"\nname = \"Cloud Accounts\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1078/004/\"", "id = \"T1110.001\"\n"
                        + "name = \"Password Guessing\"\nreference = \"https://attack.mitre.org/techniques/T1110/001/\"",
                        "DAC109", 98, "sub-technique T1110.001 belongs to technique T1110, not T1078"),
                new MutationCase("technique under a tactic ATT&CK does not list", newIp, "id = \"T1552\"\n"
                        + "name = \"Unsecured Credentials\"\nreference = \"https://attack.mitre.org/techniques/T1552/\"",
                        "id = \"T1190\"\nname = \"Exploit Public-Facing Application\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1190/\"", "DAC110", 81,
                        "technique T1190 (Exploit Public-Facing Application) is not under tactic TA0006"),
                new MutationCase("retired sub-technique", "eql", "id = \"T1059.001\"\nname = \"PowerShell\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1059/001/\"", "id = \"T1059.002\"\n"
                        + "name = \"AppleScript\"\nreference = \"https://attack.mitre.org/techniques/T1059/002/\"\n"
                        + "[[rule.threat.technique]]\nid = \"T1574\"\nname = \"Hijack Execution Flow\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1574/\"\n"
                        + "[[rule.threat.technique.subtechnique]]\nid = \"T1574.002\"\nname = \"DLL Side-Loading\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1574/002/\"", "DAC113", 39,
                        "sub-technique T1574.002 (DLL Side-Loading) has been revoked in ATT&CK v19.2 in favour of T1574.001"
                                + " (DLL); map the rule to T1574.001"),
                new MutationCase("revoked sub-technique names the technique that replaced it", "eql",
                        "id = \"T1059.001\"\nname = \"PowerShell\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1059/001/\"", "id = \"T1059.002\"\n"
                        + "name = \"AppleScript\"\nreference = \"https://attack.mitre.org/techniques/T1059/002/\"\n"
                        + "[[rule.threat.technique]]\nid = \"T1547\"\nname = \"Boot or Logon Autostart Execution\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1547/\"\n"
                        + "[[rule.threat.technique.subtechnique]]\nid = \"T1547.011\"\nname = \"Plist Modification\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1547/011/\"", "DAC113", 39,
                        "sub-technique T1547.011 (Plist Modification) has been revoked in ATT&CK v19.2 in favour of T1647"
                                + " (Plist File Modification); map the rule to T1647"),
                new MutationCase("revoked technique names the sub-technique that replaced it", "eql",
                        "id = \"T1059.001\"\nname = \"PowerShell\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1059/001/\"", "id = \"T1059.002\"\n"
                        + "name = \"AppleScript\"\nreference = \"https://attack.mitre.org/techniques/T1059/002/\"\n"
                        + "[[rule.threat.technique]]\nid = \"T1086\"\nname = \"PowerShell\"\n"
                        + "reference = \"https://attack.mitre.org/techniques/T1086/\"", "DAC111", null,
                        "technique T1086 (PowerShell) has been revoked in ATT&CK v19.2 in favour of T1059.001"),
                new MutationCase("rule_id not a UUID", newIp, "rule_id = \"9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f\"",
                        "rule_id = \"my-rule\"", "DAC112", 54, "rule_id \"my-rule\" is not a UUID; Kibana accepts it"),
                new MutationCase("history window inside the rule window", newIp, "value = \"now-10d\"", "value = \"now-5m\"",
                        "DAC120", 113, "history_window_start \"now-5m\" is not earlier than from \"now-6m\""),
                new MutationCase("history window equal to from", newIp, "value = \"now-10d\"", "value = \"now-360s\"",
                        "DAC120", 113, "is not earlier than from"),
                new MutationCase("non-aggregating esql without METADATA", "esql",
                        "from logs-aws.cloudtrail-* METADATA _id, _version, _index", "from logs-aws.cloudtrail-*",
                        "DAC121", 22, "lacks METADATA _id, _version, _index"),
                new MutationCase("an index named like metadata is no METADATA clause", "esql",
                        "from logs-aws.cloudtrail-* METADATA _id, _version, _index", "from logs-metadata-aws*",
                        "DAC121", 22, "lacks METADATA _id, _version, _index"),
                new MutationCase("non-aggregating esql with partial METADATA", "esql",
                        "METADATA _id, _version, _index", "METADATA _id", "DAC121", 22, "lacks METADATA _version, _index"),
                new MutationCase("investigation field the stats drop", correlation, "\"Esql.timestamp_max\",\n]",
                        "\"Esql.timestamp_max\",\n    \"user.name\",\n]", "DAC122", 183,
                        "investigation field 'user.name' is not a column of the query's output"),
                new MutationCase("investigation Esql field never created", "esql", "\"Esql.login_user\", \"source.ip\"",
                        "\"Esql.login_username\", \"source.ip\"", "DAC122", 29, "'Esql.login_username'"),
                new MutationCase("note names a column the query lost", "esql", "Look at `Esql.login_user`",
                        "Look at `Esql.user_login`", "DAC123", 19, "note names column 'Esql.user_login'"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void eachLintHasAFailingCase(MutationCase c) {
        Path file = RuleTexts.write(dir, "rule.toml",
                RuleTexts.replace(SchemaRulesTest.base(c.base()), c.from(), c.to()));

        ValidationReport report = RuleTexts.validate(file);

        assertThat(report.findings()).as("findings for %s", c.name()).anySatisfy(f -> {
            assertThat(f.check().code()).isEqualTo(c.code());
            assertThat(f.message()).contains(c.messagePart());
            if (c.line() != null) {
                assertThat(f.line()).isEqualTo(c.line());
            }
        });
    }

    static Stream<Arguments> passing() {
        return Stream.of(
                Arguments.of("low at 21", "query", "risk_score = 21", "risk_score = 21"),
                Arguments.of("medium at 22", "new_terms", "risk_score = 47", "risk_score = 22"),
                Arguments.of("high at 73", "eql", "risk_score = 73", "risk_score = 73"),
                Arguments.of("critical at 74", "threat_match", "risk_score = 99", "risk_score = 74"),
                Arguments.of("updated on the creation day", "query", "updated_date = \"2026/02/01\"",
                        "updated_date = \"2026/01/10\""),
                Arguments.of("history window one second before from", "new_terms", "value = \"now-7d\"",
                        "value = \"now-541s\""),
                Arguments.of("aggregating esql needs no METADATA", "correlation",
                        "from .alerts-security.* METADATA _id, _version, _index", "from .alerts-security.*"),
                Arguments.of("an index name containing metadata before the METADATA clause", "esql",
                        "from logs-aws.cloudtrail-* METADATA", "from logs-metadata-aws*, metadata METADATA"),
                Arguments.of("@timestamp is on every alert of an aggregating esql rule", "correlation",
                        "\"Esql.timestamp_max\",\n]", "\"Esql.timestamp_max\",\n    \"@timestamp\",\n]"),
                Arguments.of("source fields are merged into non-aggregating esql alerts", "esql",
                        "\"cloud.account.id\"", "\"user.id\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passing")
    void boundariesPass(String name, String base, String from, String to) {
        Path file = RuleTexts.write(dir, "rule.toml", RuleTexts.replace(SchemaRulesTest.base(base), from, to));
        // the correlation seed keeps its known note drift, and samples on indices dac has no field map for are
        // reported as such; nothing else may be reported
        assertThat(RuleTexts.validate(file).findings()).as(name)
                .filteredOn(f -> f.check() != Check.KQL_UNKNOWN_INDEX && f.check() != Check.EQL_UNKNOWN_INDEX)
                .allSatisfy(f -> assertThat(f.check()).isEqualTo(Check.NOTE_NAMES_MISSING_COLUMN))
                .hasSizeLessThanOrEqualTo(base.equals("correlation") ? 3 : 0);
    }

    @Test
    void historyWindowIsComparedWithKibanasDefaultFromWhenTheRuleHasNone() {
        String rule = RuleTexts.replace(RuleTexts.replace(RuleTexts.sample("new_terms"), "from = \"now-9m\"\n", ""),
                "value = \"now-7d\"", "value = \"now-5m\"");
        Path file = RuleTexts.write(dir, "rule.toml", rule);

        assertThat(RuleTexts.validate(file).errors()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.HISTORY_WINDOW_NOT_BEFORE_FROM);
            assertThat(f.message()).contains("is not earlier than from \"now-6m\"");
        });
    }

    @Test
    void aHistoryWindowOfOneMonthIsComparedAsTheCalendarMonthBeforeNow() {
        Path file = RuleTexts.write(dir, "rule.toml", RuleTexts.replace(RuleTexts.replace(
                RuleTexts.read(RuleTexts.NEW_IP_RULE), "from = \"now-6m\"", "from = \"now-30d\""),
                "value = \"now-10d\"", "value = \"now-1M\""));
        // on 1 March 2024 the month before is February's 29 days, shorter than from; on 31 March it is 31 days
        Clock firstOfMarch = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);
        Clock lastOfMarch = Clock.fixed(Instant.parse("2024-03-31T00:00:00Z"), ZoneOffset.UTC);

        assertThat(new RuleValidator(firstOfMarch).validate(List.of(file)).report().findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.HISTORY_WINDOW_NOT_BEFORE_FROM);
                    assertThat(f.message()).contains("\"now-1M\" is not earlier than from \"now-30d\"");
                });
        assertThat(new RuleValidator(lastOfMarch).validate(List.of(file)).report().findings()).isEmpty();
    }

    @Test
    void duplicateRuleIdAndNameAreReportedOnBothFiles() {
        String rule = RuleTexts.sample("query");
        Path first = RuleTexts.write(dir, "a/first.toml", rule);
        Path second = RuleTexts.write(dir, "b/second.toml", RuleTexts.replace(rule, "Sample Query Rule",
                "sample query RULE"));

        ValidationReport report = RuleTexts.validate(dir);

        assertThat(report.errors()).filteredOn(f -> f.check() == Check.DUPLICATE_RULE_ID)
                .extracting(Finding::file, Finding::line).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(first, 15), org.assertj.core.groups.Tuple.tuple(second, 15));
        assertThat(report.errors()).filteredOn(f -> f.check() == Check.DUPLICATE_RULE_NAME)
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("is also used by"));
        assertThat(report.errors()).filteredOn(f -> f.file().equals(first))
                .anySatisfy(f -> assertThat(f.message()).contains(second.toString()));
    }

    @Test
    void aDeprecatedRuleMayShareItsNameWithItsSuccessor() {
        String rule = RuleTexts.sample("query");
        RuleTexts.write(dir, "current.toml", rule);
        RuleTexts.write(dir, "_deprecated/old.toml", RuleTexts.replace(RuleTexts.replace(rule,
                "maturity = \"production\"", "maturity = \"deprecated\""),
                "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-0000000000ff"));

        assertThat(RuleTexts.validate(dir).findings()).isEmpty();
    }
}
