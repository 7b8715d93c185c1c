package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class KqlCommandTest {

    @Test
    void printsTheDslKibanaWouldRun() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run("kql", "--index", "logs-aws.cloudtrail-*",
                "source.ip: * and aws.cloudtrail.user_identity.access_key_id: AKIA*");

        assertThat(run.exit()).isZero();
        var dsl = JsonMapper.builder().build().readTree(run.out());
        assertThat(dsl.at("/bool/filter/0/bool/should/0/exists/field").asString()).isEqualTo("source.ip");
        assertThat(dsl.at("/bool/filter/1/bool/should/0/wildcard/aws.cloudtrail.user_identity.access_key_id/value")
                .asString()).isEqualTo("AKIA*");
    }

    @Test
    void syntaxErrorsPointAtTheirPosition() {
        ValidateCommandTest.Run run = ValidateCommandTest.run("kql", "a: (b or ");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("line 1, column 10").contains("  a: (b or \n").contains("\n           ^");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void fieldErrorsNeedTheIndexAndExitOne() {
        ValidateCommandTest.Run run = ValidateCommandTest.run("kql", "--index", "logs-aws.cloudtrail-*",
                "sourc.ip: 10.0.0.1 or source.ip: nowhere");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("error at line 1, column 1: field 'sourc.ip' is not in the mapping")
                .contains("did you mean 'source.ip'")
                .contains("error at line 1, column 34: field 'source.ip' is an ip field; 'nowhere' is not an IP address");

        ValidateCommandTest.Run unknownIndex = ValidateCommandTest.run("kql", "--index", "my-app-*", "x: 1");
        assertThat(unknownIndex.exit()).isZero();
        assertThat(unknownIndex.err()).contains("warning: dac has no field map for my-app-*");

        // the aws table may lack a field: a warning, and the translation still stands
        ValidateCommandTest.Run unconfirmed = ValidateCommandTest.run("kql", "--index", "logs-aws.*",
                "aws.cloudtrail.user_identity.acces_key_id: AKIA*");
        assertThat(unconfirmed.exit()).isZero();
        assertThat(unconfirmed.err()).contains("warning at line 1, column 1: field"
                + " 'aws.cloudtrail.user_identity.acces_key_id' is not in dac's table of integration package aws")
                .contains("did you mean 'aws.cloudtrail.user_identity.access_key_id'?");
    }
}
