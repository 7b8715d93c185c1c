package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.RuleFile;
import dev.dac.rule.RuleType;
import dev.dac.rule.Severity;
import dev.dac.rule.Threat;
import dev.dac.rule.TypeFields;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeedRulesTest {

    private static RuleFile model(Path path) throws Exception {
        return new RuleModelReader().read(new RuleFileParser().parse(path));
    }

    @Test
    void theSeedRulesPassWithOnlyTheNoteDriftAndFormerTacticNameWarnings() {
        ValidationReport report = RuleTexts.validate(Path.of("rules"));

        assertThat(report.files()).extracting(f -> f.getFileName().toString()).contains(
                "credential_access_iam_long_term_access_key_first_seen_from_source_ip.toml",
                "credential_access_iam_long_term_access_key_correlated_with_elevated_alerts.toml",
                "defense_evasion_certutil_decode_on_internal_host.toml");
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).extracting(f -> f.check().code(), Finding::line, Finding::ruleId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("DAC123", 43, "98cfaa44-83f0-4aba-90c4-363fb9d51a75"),
                        org.assertj.core.groups.Tuple.tuple("DAC123", 46, "98cfaa44-83f0-4aba-90c4-363fb9d51a75"),
                        org.assertj.core.groups.Tuple.tuple("DAC123", 46, "98cfaa44-83f0-4aba-90c4-363fb9d51a75"),
                        // the Windows seeds keep ATT&CK v18's name of TA0005, which v19 renamed to Stealth
                        org.assertj.core.groups.Tuple.tuple("DAC107", 49, "5f0c7a52-3a8e-4f0e-9d3b-6c2f9b1e7a10"),
                        org.assertj.core.groups.Tuple.tuple("DAC107", 45, "7d3f9a40-1c2b-4e8f-a6d5-9b0e4c2f1a87"));
        assertThat(report.warnings()).filteredOn(f -> f.check() == Check.ATTACK_NAME_OUTDATED).extracting(Finding::message)
                .containsOnly("tactic TA0005 is named \"Stealth\" since ATT&CK renamed it; \"Defense Evasion\" is its"
                        + " former name");
        assertThat(report.warnings()).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .contains("Esql.alert_count_other_elevated'").contains("did you mean 'Esql.alert_count_other_elevated_rule'"))
                .anySatisfy(m -> assertThat(m).contains("Esql.aws_cloudtrail_user_identity_arn_values"))
                .anySatisfy(m -> assertThat(m).contains("Esql.source_ip_values"));
    }

    @Test
    void newIpRuleCarriesTheSpecifiedLogic() throws Exception {
        RuleFile file = model(RuleTexts.NEW_IP_RULE);
        var common = file.rule().common();
        assertThat(file.rule().type()).isEqualTo(RuleType.NEW_TERMS);
        assertThat(common.ruleId()).isEqualTo("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
        assertThat(common.name()).isEqualTo("AWS IAM Long-Term Access Key First Seen from Source IP");
        assertThat(common.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(common.riskScore()).isEqualTo(47);
        assertThat(common.interval()).isEqualTo("5m");
        assertThat(common.from()).isEqualTo("now-6m");
        assertThat(common.maxSignals()).isEqualTo(100);
        assertThat(common.timestampOverride()).isEqualTo("event.ingested");
        assertThat(common.tags()).hasSize(9).contains("Tactic: Credential Access", "Resources: Investigation Guide");
        var newTerms = (TypeFields.NewTermsFields) file.rule().typeFields();
        assertThat(newTerms.index()).containsExactly("logs-aws.cloudtrail-*");
        assertThat(newTerms.language()).isEqualTo("kuery");
        assertThat(newTerms.query()).isEqualTo("""
                event.dataset: "aws.cloudtrail"
                and event.outcome: "success"
                and source.ip:*
                and aws.cloudtrail.user_identity.access_key_id: AKIA*
                """);
        assertThat(newTerms.newTermsFields()).containsExactly("aws.cloudtrail.user_identity.access_key_id", "source.ip");
        assertThat(newTerms.historyWindowStart()).isEqualTo("now-10d");
        assertThat(common.threat()).extracting(t -> t.tactic().id()).containsExactly("TA0006", "TA0001");
        Threat initialAccess = common.threat().get(1);
        assertThat(initialAccess.technique().get(0).id()).isEqualTo("T1078");
        assertThat(initialAccess.technique().get(0).subtechnique().get(0).id()).isEqualTo("T1078.004");
        assertThat(common.threat().get(0).technique().get(0).name()).isEqualTo("Unsecured Credentials");
    }

    @Test
    void correlationRuleCarriesTheSpecifiedLogic() throws Exception {
        RuleFile file = model(RuleTexts.CORRELATION_RULE);
        var common = file.rule().common();
        assertThat(file.rule().type()).isEqualTo(RuleType.ESQL);
        assertThat(common.ruleId()).isEqualTo("98cfaa44-83f0-4aba-90c4-363fb9d51a75");
        assertThat(common.severity()).isEqualTo(Severity.HIGH);
        assertThat(common.riskScore()).isEqualTo(73);
        assertThat(common.from()).isEqualTo("now-6m");
        assertThat(common.timestampOverride()).isEqualTo("event.ingested");
        assertThat(common.tags()).contains("Rule Type: Higher-Order Rule").hasSize(10);
        assertThat(file.metadata().minStackVersion()).isEqualTo("9.2.0");
        String query = ((TypeFields.EsqlFields) file.rule().typeFields()).query();
        assertThat(query).startsWith("from .alerts-security.* METADATA _id, _version, _index")
                .contains("not KQL(\"\"\"kibana.alert.rule.tags : \"Rule Type: Higher-Order Rule\" \"\"\")")
                .contains("  by source.ip")
                .contains("Esql.user_entity_id_values = VALUES(user.entity.id)");
        assertThat(common.investigationFields().fieldNames()).hasSize(10).startsWith("source.ip");
        assertThat(file.document().path("rule").has("index")).isFalse();
    }
}
