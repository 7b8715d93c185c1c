package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.RuleFile;
import dev.dac.validate.AttackCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link StackEmit} against the stack_emit hash of detection-rules' version lock (commit 14cf530f). */
class StackEmitTest {

    @Test
    void theEmittedBodyOfARuleIsDetectionRulesOnesRelatedIntegrationsIncluded() {
        // persistence_entra_id_device_registration_to_prt_chain: Persistence, Defense Evasion (T1550 and
        // T1550.001) and Credential Access; [metadata] integration azure; lock stack_emit["9.5"].sha256 below
        RuleFile rule = RuleConverterTest.load(
                RuleConverterTest.prebuilt("persistence_entra_id_device_registration_to_prt_chain.toml"));
        ObjectNode body = new RuleConverter(new RuleConverter.Settings(null, null, "9.5.0")).toApi(rule);
        // the query's datasets azure.signinlogs and azure.auditlogs: azure 1.22.0 has neither policy template, so
        // both rows lose their integration and fall together
        assertThat(body.path("related_integrations").toString())
                .isEqualTo("[{\"package\":\"azure\",\"version\":\">=1.22.0\"}]");
        ObjectNode shaped = DetectionRulesParity.detectionRulesShape(rule, body);
        shaped.set("related_integrations", body.get("related_integrations"));

        // ATT&CK v19 (dac's table) has T1550 under Lateral Movement alone, so it leaves Defense Evasion (Stealth)
        StackEmit v19 = new StackEmit(AttackCatalog.load());
        ObjectNode emitted = v19.emit(shaped);
        assertThat(emitted.path("threat").findValuesAsString("id")).contains("TA0008").doesNotContain("TA0005");
        JsonNode tags = emitted.path("tags");
        assertThat(tags.toString()).contains("\"Tactic: Lateral Movement\"").doesNotContain("Defense Evasion")
                .doesNotContain("Stealth");
        assertThat(VersionLock.hash(emitted))
                .isEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");

        // the baseline threat, or the caret ranges of a stack below 9.5 without the related_integrations_gte
        // transform, give another body
        assertThat(VersionLock.hash(shaped))
                .isNotEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");
        ObjectNode caret = shaped.deepCopy();
        caret.set("related_integrations", new RuleConverter(new RuleConverter.Settings(null, null, "9.4.0"))
                .toApi(rule).get("related_integrations"));
        assertThat(caret.path("related_integrations").toString()).contains("\"^1.22.0\"");
        ObjectNode caretEmitted = v19.emit(caret);
        caretEmitted.set("related_integrations", caret.get("related_integrations"));
        assertThat(VersionLock.hash(caretEmitted))
                .isNotEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");
        assertThat(VersionLock.hash(v19.emit(caret)))
                .as("the related_integrations_gte transform turns ^ into >=")
                .isEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");
    }

    /** dac's 9.5 body of a prebuilt rule in detection-rules' shape, its related_integrations included. */
    private static ObjectNode shaped(String name) {
        RuleFile rule = RuleConverterTest.load(RuleConverterTest.prebuilt(name));
        ObjectNode body = new RuleConverter(new RuleConverter.Settings(null, null, "9.5.0")).toApi(rule);
        ObjectNode shaped = DetectionRulesParity.detectionRulesShape(rule, body);
        shaped.set("related_integrations", body.get("related_integrations"));
        return shaped;
    }

    @Test
    void aTechniqueMovedToSeveralTacticsIsOneObjectUnderAllOfThem() {
        // privilege_escalation_pkexec_envar_hijack: T1574 (with T1574.006) under Privilege Escalation, T1574 (with
        // T1574.006 and .007) under Defense Evasion. v19 has T1574 under Execution and Stealth only: the first goes to
        // both, and the second merges T1574.007 into that same dict, so Execution shows it too
        ObjectNode shaped = shaped("privilege_escalation_pkexec_envar_hijack.toml");
        ObjectNode emitted = new StackEmit(AttackCatalog.load()).emit(shaped);
        JsonNode threat = emitted.path("threat");
        assertThat(threat.findValuesAsString("id")).containsSubsequence("TA0004", "T1068", "TA0002", "T1574",
                "T1574.006", "T1574.007", "TA0005", "T1574", "T1574.006", "T1574.007");
        assertThat(threat.get(1).path("tactic").path("name").asString()).isEqualTo("Execution");
        assertThat(threat.get(2).path("tactic").path("name").asString()).isEqualTo("Stealth");
        assertThat(emitted.path("tags").toString()).contains("\"Tactic: Execution\"", "\"Tactic: Stealth\"",
                "\"Tactic: Privilege Escalation\"");
        // lock stack_emit["9.5"].sha256 of 8da41fc9-7735-4b24-9cc6-c78dfc9fc9c9
        assertThat(VersionLock.hash(emitted))
                .isEqualTo("2c20ee1a6fcac443fcb0d5ff0d7aa5a0589d39d8c2e6a1d3f2c8339a0bb28211");
    }

    @Test
    void aTechniqueLeavingDefenseEvasionGoesUnderItsV19TacticsInTheBundleOrder() {
        // defense_evasion_iam_account_password_policy_deleted: T1556 under Defense Evasion; v19 (dac's table) has it
        // under Persistence, Credential Access and Defense Impairment, which the emitted body lists as MITRE's bundle
        // orders them: Credential Access, Defense Impairment, Persistence
        ObjectNode shaped = shaped("defense_evasion_iam_account_password_policy_deleted.toml");
        ObjectNode emitted = new StackEmit(AttackCatalog.load()).emit(shaped);
        assertThat(emitted.path("threat").findValuesAsString("name")).containsSubsequence("Credential Access",
                "Modify Authentication Process", "Defense Impairment", "Modify Authentication Process", "Persistence",
                "Modify Authentication Process").doesNotContain("Defense Evasion", "Stealth");
        // lock stack_emit["9.5"].sha256 of 283f6c2a-9811-4239-9a40-52b066c67f99
        assertThat(VersionLock.hash(emitted))
                .isEqualTo("5a5e15d6c4c9f01c40a6371200ebb0b95d655f7887cc951389614d1d5132ddb9");

        List<String> impairmentFirst = new ArrayList<>(StackEmit.BUNDLE_TACTIC_ORDER);
        impairmentFirst.remove("TA0112");
        impairmentFirst.add(0, "TA0112");
        assertThat(VersionLock.hash(new StackEmit(AttackCatalog.load(), impairmentFirst).emit(shaped)))
                .isNotEqualTo("5a5e15d6c4c9f01c40a6371200ebb0b95d655f7887cc951389614d1d5132ddb9");
    }

    @Test
    void aDatasetMatchedWithAColonInEqlLeavesTheMetadataPackagesInTheirOrder() {
        // execution_windows_powershell_susp_args: [metadata] integration endpoint, windows, system, ...; the EQL query
        // has `not data_stream.dataset : ("windows.sysmon_operational", ...)`. detection-rules reads datasets from
        // == and in only (beats.py get_datasets_and_modules), so windows keeps its place among the metadata's rows
        ObjectNode shaped = shaped("execution_windows_powershell_susp_args.toml");
        assertThat(shaped.path("related_integrations").findValuesAsString("package")).containsExactly("endpoint",
                "windows", "system", "sentinel_one_cloud_funnel", "m365_defender", "crowdstrike");
        // lock stack_emit["9.5"].sha256 of 83bf249e-4348-47ba-9741-1202a09556ad
        assertThat(VersionLock.hash(new StackEmit(AttackCatalog.load()).emit(shaped)))
                .isEqualTo("6535792a288627c39d3d74369424f40648dd5fefe034d1aea93dd07ac94de7aa");
    }
}
