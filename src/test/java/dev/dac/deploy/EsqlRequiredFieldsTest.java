package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.fields.EcsFields;
import dev.dac.fields.FieldCatalog;
import org.junit.jupiter.api.Test;

/** ES|QL required_fields: the query's output columns, as detection-rules lists them. */
class EsqlRequiredFieldsTest {

    private static final EsqlRequiredFields FIELDS = new EsqlRequiredFields(FieldCatalog.builtIn(),
            EcsFields.load().types());

    @Test
    void aggregatingQueryListsItsByAndKeptSourceColumnsButNotItsEsqlColumns() {
        // the shape of "Multiple Cloud Secrets Accessed by Source Address" (472b4944), whose package body lists
        // only source.ip once Esql.* and Esql_priv.* are left out
        String query = """
                FROM logs-aws.cloudtrail-* METADATA _id, _version, _index
                | WHERE event.action == "GetSecretValue" AND source.ip IS NOT NULL
                | STATS Esql.events_count = COUNT(*), Esql_priv.user_values = VALUES(user.name),
                    Esql.arns = VALUES(aws.cloudtrail.user_identity.arn) BY source.ip
                | KEEP Esql.*, Esql_priv.*, source.ip
                """;
        assertThat(FIELDS.of(query).toString())
                .isEqualTo("[{\"ecs\":true,\"name\":\"source.ip\",\"type\":\"ip\"}]");
    }

    @Test
    void keptIntegrationFieldsTakeTheirEsqlTypeAndCreatedColumnsAreUnknown() {
        String query = """
                FROM logs-aws.cloudtrail-*
                | WHERE event.provider == "iam.amazonaws.com"
                | EVAL arn_lower = TO_LOWER(aws.cloudtrail.user_identity.arn)
                | KEEP @timestamp, process.command_line, aws.cloudtrail.user_identity.arn, arn_lower
                """;
        assertThat(FIELDS.of(query).toString()).isEqualTo("["
                + "{\"ecs\":true,\"name\":\"@timestamp\",\"type\":\"date\"},"
                + "{\"ecs\":false,\"name\":\"arn_lower\",\"type\":\"unknown\"},"
                + "{\"ecs\":false,\"name\":\"aws.cloudtrail.user_identity.arn\",\"type\":\"keyword\"},"
                // ECS types are kept as ECS names them, as detection-rules does for an ECS field
                + "{\"ecs\":true,\"name\":\"process.command_line\",\"type\":\"wildcard\"}]");
    }

    @Test
    void aKeepPatternListsTheCatalogsFieldsItMatches() {
        String query = """
                FROM logs-endpoint.events.process-* METADATA _id
                | WHERE process.name == "whoami.exe"
                | KEEP _id, process.parent.*
                """;
        String fields = FIELDS.of(query).toString();
        assertThat(fields).contains("{\"ecs\":false,\"name\":\"_id\",\"type\":\"keyword\"}")
                .contains("{\"ecs\":true,\"name\":\"process.parent.executable\",\"type\":\"keyword\"}")
                .doesNotContain("\"process.name\"");
    }
}
