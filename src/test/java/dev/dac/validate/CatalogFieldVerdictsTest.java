package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field catalog's verdicts in {@code dac validate}: a field that cannot be in the indices is an error (DAC131),
 * one dac's tables may merely lack a warning (DAC134), an index nothing is known of a warning (DAC133).
 */
class CatalogFieldVerdictsTest {

    @TempDir
    Path dir;

    private List<Finding> validate(String sample, String... fromTo) {
        String text = RuleTexts.sample(sample);
        for (int i = 0; i < fromTo.length; i += 2) {
            text = RuleTexts.replace(text, fromTo[i], fromTo[i + 1]);
        }
        return RuleTexts.validate(RuleTexts.write(dir, "rule.toml", text)).findings();
    }

    @Test
    void aMisspeltEcsFieldOnElasticDefendIsAnErrorWithTheNameMeant() {
        List<Finding> findings = validate("new_terms", "event.category:process and event.type:start",
                "event.category:process and process.nmae: cmd.exe");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_FIELD);
            assertThat(f.line()).isEqualTo(19);
            assertThat(f.message()).startsWith("query line 1, column 28: field 'process.nmae'")
                    .contains("did you mean 'process.name'?");
        });
    }

    @Test
    void aMisspeltEcsFieldOnAnyEcsIndexIsAnError() {
        List<Finding> findings = validate("query", "[\"logs-okta*\"]", "[\"logs-*\"]");
        assertThat(findings).isEmpty();

        assertThat(validate("query", "[\"logs-okta*\"]", "[\"logs-*\"]", "event.dataset:okta.system",
                "event.datset:okta.system")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_FIELD);
                    assertThat(f.message()).contains("not an ECS 9.4.0 field").contains("did you mean 'event.dataset'?");
                });
    }

    @Test
    void aFieldTheAwsTableLacksIsAWarningWithoutATemplate() {
        String text = RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), "index = [\"logs-aws.cloudtrail-*\"]",
                "index = [\"logs-aws.*\"]");
        text = RuleTexts.replace(text, "and source.ip:*", "and aws.cloudtrail.nope: x");
        List<Finding> findings = RuleTexts.validate(RuleTexts.write(dir, "rule.toml", text)).findings();

        assertThat(findings).filteredOn(f -> f.message().contains("aws.cloudtrail.nope")).singleElement()
                .satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.KQL_UNCONFIRMED_FIELD);
                    assertThat(f.isError()).isFalse();
                    assertThat(f.message()).contains("not in dac's table of integration package aws");
                });
        assertThat(findings).noneMatch(Finding::isError);
    }

    @Test
    void aFieldTheCloudTrailTemplateLacksIsAnErrorWithTheNameMeant() {
        String text = RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), "and source.ip:*",
                "and aws.cloudtrail.user_identity.acces_key_id: *");
        List<Finding> findings = RuleTexts.validate(RuleTexts.write(dir, "rule.toml", text)).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_FIELD);
            assertThat(f.message()).contains("is not in the mapping of the rule's indices")
                    .contains("did you mean 'aws.cloudtrail.user_identity.access_key_id'?");
        });
    }

    @Test
    void kubernetesAuditFieldsAreConfirmedAndAMisspeltOneIsAWarningWithTheNameMeant() {
        // fields production rules read on Kubernetes audit logs (365 were unconfirmed before dac kept a table)
        assertThat(validate("query", "[\"logs-okta*\"]", "[\"logs-kubernetes.audit_logs-*\"]",
                "event.dataset:okta.system and event.action:user.session.start and event.outcome:failure",
                "event.dataset:kubernetes.audit_logs and kubernetes.audit.verb:create and"
                        + " kubernetes.audit.objectRef.resource:pods and"
                        + " kubernetes.audit.requestObject.spec.containers.securityContext.privileged:true and"
                        + " kubernetes.audit.annotations.authorization_k8s_io/decision:allow")).isEmpty();

        List<Finding> typo = validate("query", "[\"logs-okta*\"]", "[\"logs-kubernetes.audit_logs-*\"]",
                "event.dataset:okta.system and event.action:user.session.start and event.outcome:failure",
                "event.dataset:kubernetes.audit_logs and kubernetes.audit.objectRef.resorce:pods");
        assertThat(typo).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNCONFIRMED_FIELD);
            assertThat(f.message()).contains("'kubernetes.audit.objectRef.resorce'")
                    .contains("not in dac's table of integration package kubernetes 1.66.2")
                    .contains("did you mean 'kubernetes.audit.objectRef.resource'?");
        });
    }

    @Test
    void aFieldOfAPackageWithoutATableIsAWarning() {
        List<Finding> findings = validate("query", "[\"logs-okta*\"]", "[\"logs-crowdstrike.fdr-*\"]",
                "event.dataset:okta.system", "crowdstrike.event.Foo: x");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNCONFIRMED_FIELD);
            assertThat(f.message()).contains("neither an ECS field nor in a field table dac keeps");
        });
    }

    @Test
    void anIndexNothingIsKnownOfIsNamedAndItsFieldsAreNotJudged() {
        List<Finding> findings = validate("query", "[\"logs-okta*\"]", "[\"my-app-*\"]",
                "event.dataset:okta.system", "anything.at.all: x");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_INDEX);
            assertThat(f.message()).contains("my-app-*");
        });
    }

    @Test
    void newTermsFieldsAreJudgedLikeTheQuerysFields() {
        List<Finding> findings = validate("new_terms", "value = [\"host.id\", \"process.executable\"]",
                "value = [\"host.id\", \"process.exectuable\"]");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_FIELD);
            assertThat(f.line()).isEqualTo(24);
            assertThat(f.message()).contains("did you mean 'process.executable'?");
        });
    }

    @Test
    void thresholdFieldsAreJudgedLikeTheQuerysFields() {
        List<Finding> findings = validate("threshold", "field = [\"user.name\"]", "field = [\"user.nmae\"]",
                "field = \"source.ip\"", "field = \"system.auth.nope\"");

        assertThat(findings).filteredOn(f -> f.check() == Check.KQL_UNKNOWN_FIELD).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'user.nmae'").contains("did you mean 'user.name'?"));
        assertThat(findings).filteredOn(f -> f.check() == Check.KQL_UNCONFIRMED_FIELD).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("'system.auth.nope'")
                            .contains("integration package system");
                    assertThat(f.line()).isEqualTo(25);
                });
    }

    @Test
    void timestampOverrideMustBeAKnownDateField() {
        assertThat(validate("query", "timestamp_override = \"event.ingested\"",
                "timestamp_override = \"event.ingestd\"")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_FIELD);
                    assertThat(f.line()).isEqualTo(18);
                    assertThat(f.message()).contains("did you mean 'event.ingested'?");
                });
        assertThat(validate("query", "timestamp_override = \"event.ingested\"",
                "timestamp_override = \"event.action\"")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.KQL_VALUE_TYPE_MISMATCH);
                    assertThat(f.message()).contains("needs a date field");
                });
    }

    @Test
    void aParsedEqlRuleOnElasticDefendGivesNoFinding() {
        assertThat(validate("eql")).isEmpty();
    }

    @Test
    void anEqlSyntaxErrorIsReportedOnItsLineOfTheRuleFile() {
        // the query's first line is line 20 of the file (after query = '''); its second line is line 21
        assertThat(validate("eql", "process.name : \"powershell.exe\" and", "process.name : 'powershell.exe' and"))
                .singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_SYNTAX);
                    assertThat(f.isError()).isTrue();
                    assertThat(f.line()).isEqualTo(21);
                    assertThat(f.message()).contains("query line 2, column 18").contains("double quotes");
                });
    }

    @Test
    void aMisspeltEcsFieldInAnEqlQueryIsAnErrorWithTheNameMeant() {
        assertThat(validate("eql", "process.parent.name :", "process.parnet.name :")).singleElement()
                .satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_UNKNOWN_FIELD);
                    assertThat(f.line()).isEqualTo(21);
                    assertThat(f.message()).contains("did you mean 'process.parent.name'?");
                });
    }

    @Test
    void anOptionalEqlFieldIsNeverReportedUnknown() {
        assertThat(validate("eql", "process.parent.name :", "?process.parnet.name :")).isEmpty();
    }

    @Test
    void anUnknownFieldUnderAnIntegrationIsAWarningInEql() {
        assertThat(validate("eql", "[\"logs-endpoint.events.process-*\"]", "[\"logs-crowdstrike.fdr-*\"]",
                "event.type == \"start\"", "crowdstrike.event.Foo == \"x\""))
                .filteredOn(f -> f.message().contains("crowdstrike.event.Foo")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_UNCONFIRMED_FIELD);
                    assertThat(f.isError()).isFalse();
                });
    }

    @Test
    void theEqlRulesTiebreakerAndTimestampFieldsAreCheckedToo() {
        assertThat(validate("eql", "type = \"eql\"", "type = \"eql\"\ntiebreaker_field = \"event.sequnce\"")).singleElement()
                .satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_UNKNOWN_FIELD);
                    assertThat(f.message()).contains("did you mean 'event.sequence'?");
                });
    }

    @Test
    void anEqlRuleOnAnIndexNothingIsKnownOfIsSaidToBeUnchecked() {
        assertThat(validate("eql", "[\"logs-endpoint.events.process-*\"]", "[\"my-app-*\"]",
                "process.parent.name :", "anything.at.all :")).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_UNKNOWN_INDEX);
                    assertThat(f.isError()).isFalse();
                    assertThat(f.message()).contains("my-app-*");
                });
    }

    @Test
    void eqlTypeChecksAreErrorsWhereTheFieldTypeIsKnown() {
        assertThat(validate("eql", "event.type == \"start\"", "process.pid > \"4\"")).singleElement()
                .satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_TYPE_MISMATCH);
                    assertThat(f.message()).contains("'process.pid' is numeric (long)");
                });
        assertThat(validate("eql", "event.type == \"start\"", "cidrMatch(process.name, \"10.0.0.0/8\")"))
                .singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.EQL_TYPE_MISMATCH);
                    assertThat(f.message()).contains("cidrMatch() needs an ip field");
                });
        assertThat(validate("eql", "event.type == \"start\"", "process.name == process.parent.name"))
                .singleElement().satisfies(f -> assertThat(f.check()).isEqualTo(Check.EQL_FIELD_COMPARISON));
    }

    @Test
    void aRuleOnADataViewIsSaidToBeUnchecked() {
        assertThat(validate("query", "index = [\"logs-okta*\"]", "data_view_id = \"security-solution-default\"",
                "event.dataset:okta.system", "anything.at.all: x"))
                // the data view is not in the repository either: DAC171 says so beside the unchecked fields
                .filteredOn(f -> f.check() != Check.DATA_VIEW_UNKNOWN).singleElement().satisfies(f -> {
                    assertThat(f.check()).isEqualTo(Check.KQL_UNKNOWN_INDEX);
                    assertThat(f.line()).isEqualTo(10);
                    assertThat(f.message()).contains("data view 'security-solution-default'");
                });
    }
}
