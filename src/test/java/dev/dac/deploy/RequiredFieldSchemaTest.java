package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The types of required fields that are not ECS fields, as detection-rules gives them (checked against the bodies of
 * detection-rules' version lock with {@code DetectionRulesParity}): from the data streams of the datasets the query
 * names, else unknown.
 */
class RequiredFieldSchemaTest {

    @TempDir
    Path dir;

    /** The required_fields of a rule of the AWS sample with another index and query. */
    private String requiredFields(String index, String query) throws Exception {
        String text = Files.readString(RuleConverterTest.prebuilt(
                "defense_evasion_elasticache_security_group_creation.toml"));
        String from = "index = [\"filebeat-*\", \"logs-aws.cloudtrail-*\"]";
        String queryFrom = "event.dataset:aws.cloudtrail and event.provider:elasticache.amazonaws.com and"
                + " event.action:\"Create Cache Security Group\" and\nevent.outcome:success";
        assertThat(text).contains(from, queryFrom);
        Path file = dir.resolve("rule.toml");
        Files.writeString(file, text.replace(from, "index = [" + index + "]").replace(queryFrom, query));
        return new RuleConverter().toApi(RuleConverterTest.load(file)).path("required_fields").toString();
    }

    @Test
    void anElasticDefendFieldIsUnknownWhenTheQueryNamesNoDataset() throws Exception {
        // production rule fda1d332 (file.Ext.original.path on logs-endpoint.events.file-*): detection-rules reads no
        // integration schema without a dataset in the query, so the field Elastic Defend maps as keyword is unknown
        assertThat(requiredFields("\"logs-endpoint.events.file-*\"",
                "event.category:file and file.Ext.original.path:* and file.Ext.entropy >= 7"))
                .isEqualTo("[{\"ecs\":true,\"name\":\"event.category\",\"type\":\"keyword\"},"
                        + "{\"ecs\":false,\"name\":\"file.Ext.entropy\",\"type\":\"unknown\"},"
                        + "{\"ecs\":false,\"name\":\"file.Ext.original.path\",\"type\":\"unknown\"}]");
    }

    @Test
    void aDatasetInTheQueryTypesFieldsFromItsDataStreamInTheirTypeFamily() throws Exception {
        assertThat(requiredFields("\"logs-endpoint.events.file-*\"",
                "event.dataset:endpoint.events.file and file.Ext.original.path:* and file.Ext.entropy >= 7"))
                .contains("{\"ecs\":false,\"name\":\"file.Ext.entropy\",\"type\":\"float\"}")
                .contains("{\"ecs\":false,\"name\":\"file.Ext.original.path\",\"type\":\"keyword\"}");

        // production rules on Kubernetes audit logs: kubernetes.audit.* from the kubernetes table; integer is the
        // family of the stream's integer and long alike
        assertThat(requiredFields("\"logs-kubernetes.audit_logs-*\"", "event.dataset:kubernetes.audit_logs and"
                + " kubernetes.audit.verb:create and kubernetes.audit.responseStatus.code:403 and"
                + " kubernetes.audit.objectRef.nope:x"))
                .isEqualTo("[{\"ecs\":true,\"name\":\"event.dataset\",\"type\":\"keyword\"},"
                        + "{\"ecs\":false,\"name\":\"kubernetes.audit.objectRef.nope\",\"type\":\"unknown\"},"
                        + "{\"ecs\":false,\"name\":\"kubernetes.audit.responseStatus.code\",\"type\":\"integer\"},"
                        + "{\"ecs\":false,\"name\":\"kubernetes.audit.verb\",\"type\":\"keyword\"}]");
    }

    @Test
    void onBeatsIndicesFieldsComeFromTheBeatAndTheModulesTheQueryNames() throws Exception {
        // production rule 54a81f68 (winlogbeat-* and logs-windows.powershell*): Winlogbeat's own fields have no
        // powershell.file.*, so detection-rules leaves it unknown though the Windows package maps it as text
        String index = "\"winlogbeat-*\", \"logs-windows.powershell*\"";
        assertThat(requiredFields(index, "event.category:process and powershell.file.script_block_text:\"x\""
                + " and winlog.event_data.TargetUserName:y"))
                .contains("{\"ecs\":false,\"name\":\"powershell.file.script_block_text\",\"type\":\"unknown\"}")
                .contains("{\"ecs\":false,\"name\":\"winlog.event_data.TargetUserName\",\"type\":\"keyword\"}");
        // naming the module adds its fields
        assertThat(requiredFields(index, "event.module:powershell and powershell.file.script_block_text:\"x\""))
                .contains("{\"ecs\":false,\"name\":\"powershell.file.script_block_text\",\"type\":\"text\"}");
    }

    @Test
    void theBeatsOfIndexPatternsAreTheWordsBeforeBeatDash() {
        assertThat(BeatsSchema.beatsOf(java.util.List.of("winlogbeat-*", "remote:filebeat-*", "logs-*")))
                .containsExactly("winlogbeat", "filebeat");
    }

    @Test
    void aDatasetOfAStreamLeavesFieldsOfOtherStreamsUnknown() throws Exception {
        // the file stream does not map process.Ext.token.integrity_level_name, though the process stream does
        assertThat(requiredFields("\"logs-endpoint.events.*\"",
                "event.dataset:endpoint.events.file and process.Ext.token.integrity_level_name:high"))
                .contains("{\"ecs\":false,\"name\":\"process.Ext.token.integrity_level_name\",\"type\":\"unknown\"}");
    }
}
