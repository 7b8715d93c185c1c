package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATT&CK lints on threat mappings of real rules (elastic/detection-rules, which keeps its rules on ATT&CK v18
 * ids) against dac's v19 table: ids v19 retired are warnings naming the successor, techniques v19 moved are warnings
 * naming v18's tactic, long-retired ids stay defects, and v19's own ids (Defense Impairment, TA0112) pass the name,
 * URL and tactic checks while a wrong tactic, name or URL of them is still reported.
 */
class AttackReleaseLintTest {

    @TempDir
    Path dir;

    /** The threat block of the query sample, swapped for each case's mapping. */
    private static final String SAMPLE_THREAT = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"
            [[rule.threat.technique]]
            id = "T1110"
            name = "Brute Force"
            reference = "https://attack.mitre.org/techniques/T1110/"
            [[rule.threat.technique.subtechnique]]
            id = "T1110.001"
            name = "Password Guessing"
            reference = "https://attack.mitre.org/techniques/T1110/001/"

            [rule.threat.tactic]
            id = "TA0006"
            name = "Credential Access"
            reference = "https://attack.mitre.org/tactics/TA0006/"
            """;

    /** detection-rules rules/cross-platform/defense_evasion_genai_cli_unsafe_permission_bypass.toml (ATT&CK v18). */
    private static final String IMPAIR_DEFENSES = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"
            [[rule.threat.technique]]
            id = "T1562"
            name = "Impair Defenses"
            reference = "https://attack.mitre.org/techniques/T1562/"
            [[rule.threat.technique.subtechnique]]
            id = "T1562.001"
            name = "Disable or Modify Tools"
            reference = "https://attack.mitre.org/techniques/T1562/001/"

            [rule.threat.tactic]
            id = "TA0005"
            name = "Defense Evasion"
            reference = "https://attack.mitre.org/tactics/TA0005/"
            """;

    /** detection-rules rules/macos/persistence_hidden_plist_filename.toml, its Persistence entry. */
    private static final String PLIST_MODIFICATION = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"

              [rule.threat.tactic]
              name = "Persistence"
              id = "TA0003"
              reference = "https://attack.mitre.org/tactics/TA0003/"

              [[rule.threat.technique]]
              name = "Boot or Logon Autostart Execution"
              id = "T1547"
              reference = "https://attack.mitre.org/techniques/T1547/"

                [[rule.threat.technique.subtechnique]]
                name = "Plist Modification"
                id = "T1547.011"
                reference = "https://attack.mitre.org/techniques/T1547/011/"
            """;

    /** The same behaviour mapped as ATT&CK v19 has it (detection-rules' attack_v18_to_v19.yaml: T1562.001 -> T1685). */
    private static final String DISABLE_OR_MODIFY_TOOLS = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"
            [[rule.threat.technique]]
            id = "T1685"
            name = "Disable or Modify Tools"
            reference = "https://attack.mitre.org/techniques/T1685/"
            [[rule.threat.technique.subtechnique]]
            id = "T1685.001"
            name = "Disable or Modify Windows Event Log"
            reference = "https://attack.mitre.org/techniques/T1685/001/"

            [rule.threat.tactic]
            id = "TA0112"
            name = "Defense Impairment"
            reference = "https://attack.mitre.org/tactics/TA0112/"
            """;

    /** detection-rules rules/windows/privilege_escalation_rogue_windir_environment_var.toml (ATT&CK v18). */
    private static final String ROGUE_WINDIR = """
            [[rule.threat]]
            framework = "MITRE ATT&CK"

            [[rule.threat.technique]]
            id = "T1574"
            name = "Hijack Execution Flow"
            reference = "https://attack.mitre.org/techniques/T1574/"

            [[rule.threat.technique.subtechnique]]
            id = "T1574.007"
            name = "Path Interception by PATH Environment Variable"
            reference = "https://attack.mitre.org/techniques/T1574/007/"

            [rule.threat.tactic]
            id = "TA0004"
            name = "Privilege Escalation"
            reference = "https://attack.mitre.org/tactics/TA0004/"

            [[rule.threat]]
            framework = "MITRE ATT&CK"

            [[rule.threat.technique]]
            id = "T1112"
            name = "Modify Registry"
            reference = "https://attack.mitre.org/techniques/T1112/"

            [rule.threat.tactic]
            id = "TA0005"
            name = "Defense Evasion"
            reference = "https://attack.mitre.org/tactics/TA0005/"
            """;

    private static final Set<Check> ATTACK_CHECKS = EnumSet.of(Check.ATTACK_UNKNOWN_ID, Check.ATTACK_NAME_MISMATCH,
            Check.ATTACK_NAME_OUTDATED, Check.ATTACK_REFERENCE_MISMATCH, Check.ATTACK_WRONG_PARENT,
            Check.ATTACK_TACTIC_MISMATCH, Check.ATTACK_RETIRED_ID, Check.ATTACK_RETIRED_SUBTECHNIQUE,
            Check.ATTACK_ID_RETIRED_SINCE_PREVIOUS_RELEASE, Check.ATTACK_TACTIC_MOVED_SINCE_PREVIOUS_RELEASE);

    private List<Finding> attackFindings(String threat) {
        Path file = RuleTexts.write(dir, "rule.toml",
                RuleTexts.replace(RuleTexts.sample("query"), SAMPLE_THREAT, threat));
        return RuleTexts.validate(file).findings().stream().filter(f -> ATTACK_CHECKS.contains(f.check())).toList();
    }

    @Test
    void aV18IdThatV19ReplacedIsAWarningNamingTheV19Successor() {
        List<Finding> findings = attackFindings(IMPAIR_DEFENSES);

        assertThat(findings).allSatisfy(f -> assertThat(f.check().level()).isEqualTo(Check.Level.WARNING));
        assertThat(findings).filteredOn(f -> f.check() == Check.ATTACK_ID_RETIRED_SINCE_PREVIOUS_RELEASE)
                .extracting(Finding::message).containsExactlyInAnyOrder(
                        "technique T1562 (Impair Defenses) was current in ATT&CK v18.1 and has been revoked in ATT&CK"
                                + " v19.2 in favour of T1685 (Disable or Modify Tools); map the rule to T1685",
                        "sub-technique T1562.001 (Disable or Modify Tools) was current in ATT&CK v18.1 and has been"
                                + " revoked in ATT&CK v19.2 in favour of T1685 (Disable or Modify Tools); map the rule"
                                + " to T1685");
        // TA0005 kept its id and was renamed: the v18 name is a former name, not a wrong one
        assertThat(findings).filteredOn(f -> f.check() == Check.ATTACK_NAME_OUTDATED).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("tactic TA0005 is named \"Stealth\" since ATT&CK"
                        + " renamed it; \"Defense Evasion\" is its former name"));
    }

    @Test
    void aTechniqueV19MovedToAnotherTacticIsAWarningSayingWhereV18HadIt() {
        assertThat(attackFindings(ROGUE_WINDIR)).filteredOn(f -> f.check() != Check.ATTACK_NAME_OUTDATED)
                .allSatisfy(f -> assertThat(f.check()).isEqualTo(Check.ATTACK_TACTIC_MOVED_SINCE_PREVIOUS_RELEASE))
                .extracting(Finding::message).containsExactlyInAnyOrder(
                        "technique T1574 (Hijack Execution Flow) was under tactic TA0004 in ATT&CK v18.1; ATT&CK"
                                + " v19.2 lists it under TA0002, TA0005",
                        "technique T1112 (Modify Registry) was under tactic TA0005 in ATT&CK v18.1; ATT&CK v19.2"
                                + " lists it under TA0003, TA0112");
    }

    @Test
    void aLongRevokedTechniqueIsStillAnError() {
        String powershell = RuleTexts.replace(RuleTexts.replace(SAMPLE_THREAT, "id = \"T1110\"\nname = \"Brute Force\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1110/\"\n[[rule.threat.technique.subtechnique]]\n"
                + "id = \"T1110.001\"\nname = \"Password Guessing\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1110/001/\"\n", "id = \"T1086\"\n"
                + "name = \"PowerShell\"\nreference = \"https://attack.mitre.org/techniques/T1086/\"\n"),
                "id = \"TA0006\"\nname = \"Credential Access\"\nreference = \"https://attack.mitre.org/tactics/TA0006/\"",
                "id = \"TA0002\"\nname = \"Execution\"\nreference = \"https://attack.mitre.org/tactics/TA0002/\"");

        assertThat(attackFindings(powershell)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_RETIRED_ID);
            assertThat(f.check().level()).isEqualTo(Check.Level.ERROR);
            assertThat(f.message()).isEqualTo("technique T1086 (PowerShell) has been revoked in ATT&CK v19.2 in favour"
                    + " of T1059.001 (PowerShell); map the rule to T1059.001");
        });
    }

    @Test
    void aRevokedIdWhoseReplacementV19RetiredLeadsToTheCurrentId() {
        String disablingSecurityTools = RuleTexts.replace(IMPAIR_DEFENSES, "id = \"T1562\"\nname = \"Impair Defenses\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1562/\"\n[[rule.threat.technique.subtechnique]]\n"
                + "id = \"T1562.001\"\nname = \"Disable or Modify Tools\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1562/001/\"\n", "id = \"T1089\"\n"
                + "name = \"Disabling Security Tools\"\nreference = \"https://attack.mitre.org/techniques/T1089/\"\n");

        assertThat(attackFindings(disablingSecurityTools)).filteredOn(f -> f.check() == Check.ATTACK_RETIRED_ID)
                .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("technique T1089 (Disabling"
                        + " Security Tools) has been revoked in ATT&CK v19.2 in favour of T1562.001, itself replaced by"
                        + " T1685 (Disable or Modify Tools); map the rule to T1685"));
    }

    @Test
    void plistModificationNamesPlistFileModification() {
        assertThat(attackFindings(PLIST_MODIFICATION)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_RETIRED_SUBTECHNIQUE);
            assertThat(f.message()).isEqualTo("sub-technique T1547.011 (Plist Modification) has been revoked in ATT&CK"
                    + " v19.2 in favour of T1647 (Plist File Modification); map the rule to T1647");
        });
    }

    @Test
    void aV19IdRetiredWithoutAKnownSuccessorSaysWhereToLook() {
        String auditSystem = RuleTexts.replace(IMPAIR_DEFENSES, "id = \"T1562.001\"\nname = \"Disable or Modify Tools\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1562/001/\"", "id = \"T1562.012\"\n"
                + "name = \"Disable or Modify Linux Audit System\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1562/012/\"");

        assertThat(attackFindings(auditSystem)).filteredOn(f -> f.message().contains("T1562.012")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.ATTACK_ID_RETIRED_SINCE_PREVIOUS_RELEASE);
                    assertThat(f.message()).endsWith("dac's ATT&CK table names no replacement, so map the rule to"
                            + " the technique that now covers the behaviour"
                            + " (https://attack.mitre.org/techniques/T1562/012/)");
                });
    }

    @Test
    void aV19TechniqueUnderDefenseImpairmentPasses() {
        assertThat(attackFindings(DISABLE_OR_MODIFY_TOOLS)).isEmpty();
    }

    @Test
    void aV19TechniqueIsCheckedForTacticNameAndUrl() {
        String wrongTactic = RuleTexts.replace(DISABLE_OR_MODIFY_TOOLS, "id = \"TA0112\"\nname = \"Defense Impairment\"\n"
                + "reference = \"https://attack.mitre.org/tactics/TA0112/\"", "id = \"TA0005\"\nname = \"Stealth\"\n"
                + "reference = \"https://attack.mitre.org/tactics/TA0005/\"");
        String wrongName = RuleTexts.replace(DISABLE_OR_MODIFY_TOOLS, "name = \"Disable or Modify Tools\"",
                "name = \"Impair Defenses\"");
        String wrongUrl = RuleTexts.replace(DISABLE_OR_MODIFY_TOOLS,
                "reference = \"https://attack.mitre.org/techniques/T1685/\"",
                "reference = \"https://attack.mitre.org/techniques/T1562/\"");
        String wrongTacticName = RuleTexts.replace(DISABLE_OR_MODIFY_TOOLS, "name = \"Defense Impairment\"",
                "name = \"Defense Evasion\"");

        assertThat(attackFindings(wrongTactic)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_TACTIC_MISMATCH);
            assertThat(f.message()).isEqualTo("technique T1685 (Disable or Modify Tools) is not under tactic TA0005 in"
                    + " ATT&CK v19.2; ATT&CK lists it under TA0112");
        });
        assertThat(attackFindings(wrongName)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_NAME_MISMATCH);
            assertThat(f.message()).contains("technique T1685 is named \"Disable or Modify Tools\" in ATT&CK, not"
                    + " \"Impair Defenses\"");
        });
        assertThat(attackFindings(wrongUrl)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_REFERENCE_MISMATCH);
            assertThat(f.message()).contains("expected https://attack.mitre.org/techniques/T1685/");
        });
        assertThat(attackFindings(wrongTacticName)).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.ATTACK_NAME_MISMATCH);
            assertThat(f.message()).contains("tactic TA0112 is named \"Defense Impairment\"");
        });
    }
}
