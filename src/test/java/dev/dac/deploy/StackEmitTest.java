package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.RuleFile;
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

        // ATT&CK v19 places T1550 under Lateral Movement alone (its other v18 tactic), leaving Defense Evasion
        ObjectNode emitted = StackEmit.emit(shaped,
                id -> List.<String[]>of(new String[] {"TA0008", "Lateral Movement"}));
        assertThat(emitted.path("threat").findValuesAsString("id")).contains("TA0008").doesNotContain("TA0005");
        JsonNode tags = emitted.path("tags");
        assertThat(tags.toString()).contains("\"Tactic: Lateral Movement\"").doesNotContain("Defense Evasion");
        assertThat(VersionLock.hash(emitted))
                .isEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");

        // any other placement, or the caret ranges of a stack below 9.5, gives another body
        assertThat(VersionLock.hash(StackEmit.emit(shaped,
                id -> List.<String[]>of(new String[] {StackEmit.STEALTH, "Stealth"}))))
                .isNotEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");
        ObjectNode caret = shaped.deepCopy();
        caret.set("related_integrations", new RuleConverter(new RuleConverter.Settings(null, null, "9.4.0"))
                .toApi(rule).get("related_integrations"));
        assertThat(caret.path("related_integrations").toString()).contains("\"^1.22.0\"");
        assertThat(VersionLock.hash(StackEmit.emit(caret,
                id -> List.<String[]>of(new String[] {"TA0008", "Lateral Movement"}))))
                .as("the related_integrations_gte transform turns ^ into >=")
                .isEqualTo("c6a5c97eb30d6d63dc87abe3c774358a5529323478cece8cc8e15c2c44beed71");
    }
}
