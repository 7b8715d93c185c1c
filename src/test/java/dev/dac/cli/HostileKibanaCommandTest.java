package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.deploy.KibanaStandInAccess;
import dev.dac.deploy.RuleConverter;
import dev.dac.validate.RuleValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * plan, deploy and export against a Kibana that echoes credentials, as a user runs them (a separate dac process):
 * no output stream and no file written holds a secret, and the TLS options are checked together.
 */
class HostileKibanaCommandTest {

    static final String KEY = DeployCommandTest.KEY;
    static final String PASSWORD = "Pa55-w0rd-never-shown";
    /** Every form a configured secret could be printed in. */
    static final List<String> SECRETS = List.of(KEY, "secret-key-value", PASSWORD, Base64.getEncoder()
            .encodeToString(("elastic:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

    private KibanaStandInAccess kibana;
    private final List<DeployCommandTest.Run> runs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        kibana = KibanaStandInAccess.start(KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    /** A real dac process: what it prints passes through the redactor Main installs around its streams. */
    private DeployCommandTest.Run dacProcess(Map<String, String> env, String... args) throws Exception {
        DeployCommandTest.Run run = DeployCommandTest.dacProcess(env, args);
        runs.add(run);
        return run;
    }

    /** dac in this JVM, its output through the same redactor (faster: no JVM start). */
    private DeployCommandTest.Run dac(Map<String, String> env, String... args) {
        DeployCommandTest.Run run = DeployCommandTest.dac(env, args);
        runs.add(run);
        return run;
    }

    private Map<String, String> apiKey() {
        return Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);
    }

    @Test
    void noStreamAndNoFileOfTheFaultRunsHoldsASecret(@TempDir Path out) throws Exception {
        DeployCommandTest.Run userInfo = dac(Map.of("KIBANA_URL", "http://elastic:" + PASSWORD + "@"
                + kibana.url().getAuthority(), "KIBANA_API_KEY", KEY), "plan", DeployCommandTest.SEEDS);
        assertThat(userInfo.exit()).isEqualTo(1);
        assertThat(userInfo.err()).contains("the Kibana URL carries credentials").contains("KIBANA_PASSWORD");

        kibana.echoHeadersNext();
        DeployCommandTest.Run echoedKey = dacProcess(apiKey(), "plan", DeployCommandTest.SEEDS);
        assertThat(echoedKey.exit()).isEqualTo(1);
        assertThat(echoedKey.err()).contains("cannot handle request with headers").contains("[redacted]");

        kibana.echoHeadersNext();
        DeployCommandTest.Run echoedBasic = dacProcess(Map.of("KIBANA_URL", kibana.url().toString(),
                "KIBANA_USERNAME", "elastic", "KIBANA_PASSWORD", PASSWORD), "deploy", DeployCommandTest.SEEDS);
        assertThat(echoedBasic.exit()).isEqualTo(1);
        assertThat(echoedBasic.err()).contains("cannot handle request with headers").contains("[redacted]");

        ObjectNode leaky = new RuleConverter().toApi(new RuleValidator().validate(List.of(Path.of("rules"))).models().get(0));
        leaky.put("description", "Copied from a request: Authorization: ApiKey " + KEY + " (key " + KEY + ")");
        kibana.put("default", leaky);
        DeployCommandTest.Run export = dac(apiKey(), "export", "--insecure", "--out", out.toString());
        assertThat(export.exit()).as(export.all()).isZero();
        assertThat(export.err()).contains("warning: TLS certificate verification is off (--insecure)")
                .contains("held a credential; it is written as [redacted]");

        List<Path> written;
        try (Stream<Path> files = Files.walk(out)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).hasSize(1);
        for (Path file : written) {
            assertThat(Files.readString(file)).contains("[redacted]").doesNotContain(SECRETS);
        }
        assertThat(runs).hasSize(4);
        for (DeployCommandTest.Run run : runs) {
            assertThat(run.all()).doesNotContain(SECRETS);
        }
    }

    @Test
    void insecureWithACaCertificateIsAUsageError(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        for (String command : List.of("plan", "export")) {
            List<String> args = new ArrayList<>(List.of(command, "--insecure", "--ca-cert", ca.toString()));
            args.addAll(command.equals("export") ? List.of("--out", dir.resolve("out").toString()) : List.of("rules"));
            DeployCommandTest.Run run = DeployCommandTest.dac(apiKey(), args.toArray(String[]::new));
            assertThat(run.exit()).as(run.all()).isEqualTo(2);
            assertThat(run.err()).contains("--insecure turns certificate checks off and --ca-cert trusts a private"
                    + " CA: give one of them, not both");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
