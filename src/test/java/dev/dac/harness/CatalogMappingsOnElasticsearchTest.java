package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.harness.junit.DacElasticsearch;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mappings {@code dac test} builds from the field catalog (integration tables and ECS, in the local node's
 * types) are accepted by the real node for every package dac keeps a table of and for the ECS index families.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class CatalogMappingsOnElasticsearchTest {

    @Test
    void everyCatalogMappingCreatesAnIndex(RunningElasticsearch es) throws Exception {
        ElasticsearchJson elasticsearch = new ElasticsearchJson(es.client());
        FieldCatalog catalog = FieldCatalog.builtIn();
        List<String> indices = List.of("logs-endpoint.events.process-default", "logs-endpoint.alerts-default",
                "logs-windows.sysmon_operational-default", "logs-windows.powershell-default",
                "logs-system.security-default", "logs-aws.guardduty-default", "logs-azure.signinlogs-default",
                "logs-o365.audit-default", "logs-okta.system-default", "logs-gcp.audit-default",
                "logs-generic-default", "winlogbeat-8.19.0", "endgame-8.19.0",
                "logs-kubernetes.audit_logs-default", "metrics-kubernetes.pod-default",
                "logs-google_workspace.admin-default", "logs-network_traffic.tls-default", "logs-github.audit-default",
                "logs-windows.windows_defender-default");
        for (String index : indices) {
            var body = CatalogIndex.withMappings(catalog.mappingFor(index, LocalNodeTypes::local).orElseThrow());
            try {
                elasticsearch.send("PUT", "/dac-catalog-" + index, body);
                var created = elasticsearch.send("GET", "/dac-catalog-" + index + "/_mapping/field/host.name", null);
                assertThat(created.toString()).as(index).contains("\"keyword\"");
            } finally {
                elasticsearch.send("DELETE", "/dac-catalog-" + index + "?ignore_unavailable=true", null);
            }
        }
    }
}
