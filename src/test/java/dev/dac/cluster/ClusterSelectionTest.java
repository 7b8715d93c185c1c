package dev.dac.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSelectionTest {

    @Test
    void esUrlSelectsTheGivenCluster() throws Exception {
        ElasticsearchProvider provider = ClusterSelection.choose(ClusterKind.AUTO, Map.of("ES_URL", "http://127.0.0.1:9"));
        assertThat(provider).isInstanceOf(ExistingClusterProvider.class);
        assertThat(provider.describe()).contains("http://127.0.0.1:9");
    }

    @Test
    void theOptionWinsOverDacEngine() throws Exception {
        assertThat(ClusterSelection.choose(ClusterKind.LOCAL, Map.of("DAC_ENGINE", "url")))
                .isInstanceOf(LocalNodeProvider.class);
        assertThat(ClusterSelection.choose(Map.of("DAC_ENGINE", "docker"))).isInstanceOf(DockerProvider.class);
    }

    @Test
    void autoWithoutUrlOrDockerIsTheLocalNode() throws Exception {
        if (DockerProvider.dockerAvailable()) {
            assertThat(ClusterSelection.choose(ClusterKind.AUTO, Map.of())).isInstanceOf(DockerProvider.class);
        } else {
            assertThat(ClusterSelection.choose(ClusterKind.AUTO, Map.of("DAC_ES_WORK", "/nonexistent-dac-work")))
                    .isInstanceOf(LocalNodeProvider.class);
        }
    }

    @Test
    void unknownEngineAndBadUrlAreExplained() {
        assertThat(catchThrowableOfType(ClusterException.class,
                () -> ClusterSelection.choose(Map.of("DAC_ENGINE", "podman"))).getMessage())
                .contains("unknown engine 'podman'").contains("auto, local, docker, url");
        assertThat(catchThrowableOfType(ClusterException.class, () -> ClusterSelection.choose(ClusterKind.URL, Map.of()))
                .getMessage()).contains("needs ES_URL");
        assertThat(catchThrowableOfType(ClusterException.class,
                () -> ClusterSelection.choose(ClusterKind.URL, Map.of("ES_URL", "localhost:9200"))).getMessage())
                .contains("must start with http:// or https://");
    }

    @Test
    void aClusterThatIsNotThereIsExplainedWithoutSecrets() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ElasticsearchProvider provider = ClusterSelection.choose(ClusterKind.URL, Map.of("ES_URL", "http://127.0.0.1:" + port,
                "ES_API_KEY", "c2VjcmV0LWtleS1pZDpzZWNyZXQta2V5"));

        ClusterException e = catchThrowableOfType(ClusterException.class, provider::start);

        assertThat(e.getMessage()).contains("cannot connect to Elasticsearch at http://127.0.0.1:" + port)
                .contains("connection refused").doesNotContain("c2VjcmV0");
        assertThat(provider.describe()).contains("API key").doesNotContain("c2VjcmV0");
    }

    @Test
    void rejectedCredentialsAreExplainedWithoutTheSecret() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", FakeClusters::unauthorized);
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            ClusterException denied = catchThrowableOfType(ClusterException.class, () -> ClusterSelection.choose(ClusterKind.URL,
                    Map.of("ES_URL", url, "ES_USERNAME", "elastic", "ES_PASSWORD", "hunter2-secret")).start());
            assertThat(denied.getMessage()).contains("refused the credentials (401)").doesNotContain("hunter2");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tlsIsVerifiedAndAPrivateCaCanBeTrusted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FakeClusters.Tls tls = FakeClusters.selfSignedTls(dir);
        com.sun.net.httpserver.HttpsServer server = tls.server();
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            ClusterException untrusted = catchThrowableOfType(ClusterException.class,
                    () -> ClusterSelection.choose(ClusterKind.URL, Map.of("ES_URL", url)).start());
            assertThat(untrusted.getMessage()).contains("TLS with " + url).contains("ES_CA_CERT");

            try (RunningElasticsearch trusted = ClusterSelection.choose(ClusterKind.URL, Map.of("ES_URL", url, "ES_CA_CERT",
                    tls.caPem().toString())).start()) {
                assertThat(trusted.version()).isEqualTo("9.2.0");
            }
        } finally {
            server.stop(0);
        }
    }
}
