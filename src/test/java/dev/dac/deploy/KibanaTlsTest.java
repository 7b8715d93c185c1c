package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.cluster.FakeClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kibana over HTTPS: verified by default, a private CA trusted on request, verification off only when asked. */
class KibanaTlsTest {

    private static KibanaConnection connection(String url, Path ca, boolean insecure) {
        return new KibanaConnection(java.net.URI.create(url), "default", "a2V5", null, null, ca, insecure,
                new KibanaConnection.Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), 0,
                        Duration.ofMillis(10)));
    }

    @Test
    void certificatesAreVerifiedUnlessTrustedOrVerificationIsOff(@TempDir Path dir) throws Exception {
        FakeClusters.Tls tls = FakeClusters.selfSignedTls(dir);
        tls.server().createContext("/api/detection_engine/rules/_find", exchange -> {
            byte[] body = "{\"page\":1,\"perPage\":100,\"total\":0,\"data\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tls.server().start();
        String url = "https://127.0.0.1:" + tls.server().getAddress().getPort();
        try {
            try (KibanaClient verified = new KibanaClient(connection(url, null, false))) {
                DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(verified));
                assertThat(e.getMessage()).contains("TLS with Kibana at " + url).contains("--ca-cert");
            }
            try (KibanaClient trusted = new KibanaClient(connection(url, tls.caPem(), false))) {
                assertThat(Planner.remoteRules(trusted)).isEmpty();
            }
            try (KibanaClient insecure = new KibanaClient(connection(url, null, true))) {
                assertThat(Planner.remoteRules(insecure)).isEmpty();
            }
        } finally {
            tls.server().stop(0);
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameGetsTheRightHint(@TempDir Path dir) throws Exception {
        FakeClusters.Tls tls = FakeClusters.selfSignedTls(dir); // issued for 127.0.0.1 only
        tls.server().start();
        String url = "https://localhost:" + tls.server().getAddress().getPort();
        try (KibanaClient trusted = new KibanaClient(connection(url, tls.caPem(), false))) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(trusted));
            assertThat(e.getMessage()).contains("the certificate's names do not match the host 'localhost'")
                    .contains("use a host name the certificate names in --kibana-url")
                    .doesNotContain("give its certificate with --ca-cert");
        } finally {
            tls.server().stop(0);
        }
    }

    @Test
    void insecureWithACaCertificateIsRefused(@TempDir Path dir) throws Exception {
        Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "not used");
        DeployException e = catchThrowableOfType(DeployException.class,
                () -> new KibanaClient(connection("https://127.0.0.1:1", ca, true)));
        assertThat(e.getMessage()).contains("--insecure").contains("--ca-cert").contains("one of them");
    }
}
