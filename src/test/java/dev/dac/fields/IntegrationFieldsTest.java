package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntegrationFieldsTest {

    private static final Path TABLES = Path.of("src", "main", "resources", "dev", "dac", "fields", "integrations");

    private static IntegrationFields integrations;

    @BeforeAll
    static void load() {
        integrations = IntegrationFields.load();
    }

    @Test
    void everyTableInTheFolderIsListedAndLoadsWithItsVersion() throws Exception {
        try (Stream<Path> files = Files.list(TABLES)) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".tsv", "")))
                    .containsExactlyInAnyOrderElementsOf(IntegrationFields.PACKAGES);
        }
        assertThat(integrations.packages()).extracting(IntegrationFields.IntegrationPackage::name)
                .containsExactlyElementsOf(IntegrationFields.PACKAGES);
        assertThat(integrations.integrationPackage("endpoint")).hasValueSatisfying(p -> {
            assertThat(p.version()).isEqualTo("9.5.0");
            assertThat(p.namespaces()).contains("Target", "Endpoint", "Effective_process").doesNotContain("process");
        });
        assertThat(integrations.integrationPackage("aws")).hasValueSatisfying(p -> {
            assertThat(p.version()).isEqualTo("2.23.0");
            assertThat(p.namespaces()).contains("aws").doesNotContain("cloud", "host");
        });
        assertThat(integrations.integrationPackage("windows").orElseThrow().namespaces())
                .contains("winlog", "powershell", "sysmon");
    }

    @Test
    void tablesNameTheirSourceAndLicence() throws Exception {
        for (String name : IntegrationFields.PACKAGES) {
            String head = Files.readString(TABLES.resolve(name + ".tsv"), StandardCharsets.UTF_8).lines()
                    .takeWhile(l -> l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            assertThat(head).as(name).contains("# Integration package " + name + " ").contains("# Source: elastic/")
                    .contains("commit ").contains("# Licence: ");
        }
    }

    @Test
    void fieldsOfEachPackageHaveTheirTypes() {
        assertType("logs-aws.cloudtrail-*", "aws.cloudtrail.user_identity.access_key_id", "keyword");
        assertType("logs-aws.cloudtrail-*", "aws.cloudtrail.read_only", "boolean");
        assertType("logs-aws.cloudtrail-*", "aws.cloudtrail.request_parameters.text", "text");
        assertType("logs-aws.cloudtrail-*", "aws.cloudtrail.flattened.request_parameters", "flattened");

        assertType("logs-endpoint.events.process-*", "process.command_line", "wildcard");
        assertType("logs-endpoint.events.process-*", "process.parent.pid", "long");
        assertType("logs-endpoint.events.api-*", "Target.process.name", "keyword");

        assertType("logs-windows.forwarded-*", "winlog.event_data.TargetUserName", "keyword");
        assertType("logs-windows.powershell_operational-*", "powershell.file.script_block_text", "text");
        assertType("logs-windows.sysmon_operational-*", "sysmon.file.archived", "boolean");
        assertType("logs-windows.forwarded-*", "winlog.time_created", "date");
        assertType("logs-windows.windows_defender-*", "winlog.event_data.AuthenticationPackageName", "keyword");

        assertType("logs-system.security-*", "winlog.logon.type", "keyword");
        assertType("logs-system.security-*", "winlog.event_data.AttributeValue.wildcard", "wildcard");
        assertType("logs-system.auth-*", "system.auth.ssh.dropped_ip", "ip");

        assertType("logs-azure.signinlogs-*", "azure.signinlogs.properties.user_principal_name", "keyword");
        assertType("logs-azure.signinlogs-*", "azure.signinlogs.properties.status.error_code", "long");
        // package-fields.yml, in every stream of a whole release (files read one by one had it for two streams)
        assertType("logs-azure.activitylogs-*", "azure.resource.name", "keyword");
        assertType("logs-azure.firewall_logs-*", "azure.firewall.action", "keyword");
        assertType("logs-azure.activitylogs-*", "azure.activitylogs.properties", "flattened");

        assertType("logs-o365.audit-*", "o365.audit.Operation", "keyword");
        assertType("logs-o365.audit-*", "o365.audit.ExternalAccess", "boolean");

        assertType("logs-okta.system-*", "okta.client.ip", "ip");
        assertType("logs-okta.system-*", "okta.debug_context.debug_data.risk_level", "keyword");

        assertType("logs-gcp.audit-*", "gcp.audit.status.code", "integer");
        assertType("logs-gcp.audit-*", "gcp.audit.authorization_info.permission", "keyword");

        assertType("logs-kubernetes.audit_logs-*", "kubernetes.audit.verb", "keyword");
        assertType("logs-kubernetes.audit_logs-*", "kubernetes.audit.responseStatus.code", "integer");
        assertType("logs-kubernetes.audit_logs-*",
                "kubernetes.audit.requestObject.spec.containers.securityContext.privileged", "boolean");
        assertType("logs-kubernetes.audit_logs-*", "kubernetes.audit.requestObject.spec.volumes.hostPath",
                "flattened");
        assertType("metrics-kubernetes.pod-*", "kubernetes.pod.cpu.usage.nanocores", "long");

        assertType("logs-google_workspace.admin-*", "google_workspace.admin.setting.name", "keyword");
        assertType("logs-github.audit-*", "github.repository_public", "boolean");
        assertType("logs-network_traffic.icmp-*", "icmp.request.type", "long");
    }

    @Test
    void kubernetesMetricsStreamsAreNotLogsStreams() {
        assertThat(integrations.forPattern("logs-kubernetes.*").dataStreams())
                .containsExactly("logs-kubernetes.audit_logs-*", "logs-kubernetes.container_logs-*");
        IntegrationFields.Resolved audit = integrations.forPattern("logs-kubernetes.audit_logs-*");
        assertThat(audit.packages()).extracting(IntegrationFields.IntegrationPackage::version).containsExactly("1.66.2");
        assertThat(audit.fields().field("kubernetes.audit.objectRef.resorce")).isEmpty();
        assertThat(audit.packageOwning("kubernetes.audit.objectRef.resorce"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("kubernetes"));
        assertThat(audit.wildcardType("kubernetes.audit.user.extra.authentication.kubernetes.io/pod-name"))
                .hasValue("object");
        assertThat(integrations.dataStream("kubernetes.audit_logs")).hasValueSatisfying(
                s -> assertThat(s.indexPattern()).isEqualTo("logs-kubernetes.audit_logs-*"));
        assertThat(integrations.dataStream("endpoint.events.file")).hasValueSatisfying(
                s -> assertThat(s.types()).containsEntry("file.Ext.original.path", "keyword"));
    }

    @Test
    void nestedFlattenedAndWildcardNamedFieldsKeepWhatTheyAre() {
        FieldMap gcp = integrations.forPattern("logs-gcp.audit-*").fields();
        assertThat(gcp.isNestedPath("gcp.audit.authorization_info")).isTrue();
        assertThat(gcp.field("gcp.audit.authorization_info.granted"))
                .hasValueSatisfying(f -> assertThat(f.nestedPath()).isEqualTo("gcp.audit.authorization_info"));

        IntegrationFields.Resolved okta = integrations.forPattern("logs-okta.system-*");
        assertThat(okta.fields().isInsideFlattened("okta.target.alternate_id")).isTrue();

        IntegrationFields.Resolved o365 = integrations.forPattern("logs-o365.audit-*");
        assertThat(o365.fields().field("o365.audit.Parameters.*")).isEmpty();
        assertThat(o365.wildcardType("o365.audit.Parameters.ForwardTo")).hasValue("object");
        assertThat(o365.isUnderOpenObject("o365.audit.Parameters.ForwardTo")).isTrue();
        assertThat(o365.isUnderOpenObject("o365.audit.Operatoin")).isFalse();

        IntegrationFields.Resolved azure = integrations.forPattern("logs-azure.auditlogs-*");
        assertThat(azure.wildcardType("azure.auditlogs.properties.target_resources.0.display_name"))
                .hasValue("keyword");
    }

    @Test
    void objectFieldsVouchForUnlistedKeysOnlyWhereTheMappingIsDynamic() {
        IntegrationFields.Resolved sysmon = integrations.forPattern("logs-windows.sysmon_operational-*");
        assertThat(sysmon.fields().field("winlog.event_data.TargetImage")).isPresent();
        assertThat(sysmon.fields().field("winlog.event_data.SomeProviderKey")).isEmpty();
        assertThat(sysmon.isUnderOpenObject("winlog.event_data.SomeProviderKey")).isTrue();
        assertThat(sysmon.isUnderOpenObject("winlog.nonexistent")).isFalse();

        // Elastic Defend maps its indices with dynamic false: an object there does not vouch for unlisted keys
        IntegrationFields.Resolved alerts = integrations.forPattern("logs-endpoint.alerts-*");
        assertThat(alerts.fields().field("Endpoint.policy.applied.id")).isPresent();
        assertThat(alerts.openObjects()).isEmpty();
        assertThat(alerts.isUnderOpenObject("Endpoint.policy.applied.unlisted")).isFalse();
    }

    @Test
    void patternsResolveToTheDataStreamsTheyMatch() {
        assertThat(integrations.forPattern("logs-aws.*").dataStreams()).containsExactly("logs-aws.cloudtrail-*");
        assertThat(integrations.forPattern("logs-aws.cloudtrail-*").dataStreams())
                .containsExactly("logs-aws.cloudtrail-*");
        assertThat(integrations.forPattern("logs-aws.cloudtrail-production").dataStreams())
                .as("a namespace named in full").containsExactly("logs-aws.cloudtrail-*");
        assertThat(integrations.forPattern("logs-aws.cloudtrail2-*").isEmpty()).isTrue();

        IntegrationFields.Resolved process = integrations.forPattern("logs-endpoint.events.process-*");
        assertThat(process.dataStreams()).containsExactly("logs-endpoint.events.process-*");
        assertThat(process.fields().field("Target.process.name")).as("only the API events carry Target").isEmpty();

        assertThat(integrations.forPattern("logs-endpoint.events.*").dataStreams())
                .contains("logs-endpoint.events.process-*", "logs-endpoint.events.file-*",
                        "logs-endpoint.events.api-*")
                .doesNotContain("logs-endpoint.alerts-*", "metrics-endpoint.metadata-*");

        IntegrationFields.Resolved all = integrations.forPattern("logs-*");
        assertThat(all.packages()).extracting(IntegrationFields.IntegrationPackage::name)
                .containsExactlyElementsOf(IntegrationFields.PACKAGES);
        assertThat(all.dataStreams()).contains("logs-okta.system-*", "logs-windows.forwarded-*")
                .noneMatch(s -> s.startsWith("metrics-"));

        // Beats indices are not integration data streams: their own templates define them, so none matches
        assertThat(integrations.forPattern("winlogbeat-*").isEmpty()).isTrue();
        assertThat(integrations.forPattern("winlogbeat-*").packages()).isEmpty();
    }

    @Test
    void severalPatternsAddUpAndExclusionsAddNothing() {
        IntegrationFields.Resolved both = integrations.forPatterns(
                List.of("logs-windows.forwarded*", "logs-system.security*", "-logs-okta.system-*", "winlogbeat-*"));
        assertThat(both.dataStreams()).containsExactly("logs-system.security-*", "logs-windows.forwarded-*");
        assertThat(both.packages()).extracting(IntegrationFields.IntegrationPackage::name)
                .containsExactly("system", "windows");
        assertThat(both.fields().field("winlog.adfs.relying_party")).as("system's").isPresent();
        assertThat(both.fields().field("powershell.file.script_block_text")).as("windows'").isPresent();
    }

    @Test
    void aFieldMissingFromACoveredPackageIsToldApartFromAnUnknownOne() {
        IntegrationFields.Resolved cloudtrail = integrations.forPattern("logs-aws.cloudtrail-*");
        assertThat(cloudtrail.fields().field("aws.cloudtrail.user_identity.acess_key_id")).isEmpty();
        assertThat(cloudtrail.packageOwning("aws.cloudtrail.user_identity.acess_key_id"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("aws"));
        assertThat(cloudtrail.packageOwning("process.nmae")).as("an ECS field set belongs to no package").isEmpty();
        assertThat(cloudtrail.packageOwning("okta.actor.id")).as("okta is not covered by this pattern").isEmpty();
        assertThat(integrations.forPattern("logs-endpoint.events.*").packageOwning("Target.process.nmae"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("endpoint"));
    }

    @Test
    void aTableWithoutPackageLineOrWithABadLineIsRefused() {
        var noHeader = new ByteArrayInputStream("logs-x-*\tx.y\tkeyword\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IntegrationFields.read("x.tsv", noHeader, Set.of()))
                .hasMessageContaining("x.tsv does not say which package and version");
        var badLine = new ByteArrayInputStream("# Integration package x 1.0.0\nlogs-x-*\tx.y\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IntegrationFields.read("x.tsv", badLine, Set.of()))
                .hasMessageContaining("x.tsv line 2");
    }

    private static void assertType(String pattern, String field, String type) {
        assertThat(integrations.forPattern(pattern).fields().field(field)).as(pattern + " " + field)
                .hasValueSatisfying(f -> assertThat(f.esType()).isEqualTo(type));
    }
}
