package dev.dac.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Tiny HTTP(S) endpoints that answer like an Elasticsearch would for the requests under test (a refused login, the
 * root info document), to check what dac makes of credentials and certificates. Not a stand-in for Elasticsearch:
 * every query runs on a real node.
 */
public final class FakeClusters {

    private FakeClusters() {}

    static void unauthorized(HttpExchange exchange) throws IOException {
        respond(exchange, 401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate\"},"
                + "\"status\":401}");
    }

    static void info(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().startsWith("/_nodes")) {
            respond(exchange, 200, "{\"nodes\":{\"n1\":{\"version\":\"9.2.0\"}}}");
            return;
        }
        respond(exchange, 200, "{\"name\":\"n\",\"cluster_name\":\"c\",\"cluster_uuid\":\"u\",\"version\":{"
                + "\"number\":\"9.2.0\",\"build_flavor\":\"default\",\"build_type\":\"docker\",\"build_hash\":\"h\","
                + "\"build_date\":\"2025-01-01T00:00:00Z\",\"build_snapshot\":false,\"lucene_version\":\"10\","
                + "\"minimum_wire_compatibility_version\":\"8.19.0\","
                + "\"minimum_index_compatibility_version\":\"8.0.0\"},\"tagline\":\"You Know, for Search\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** An HTTPS server with a freshly made self-signed certificate for 127.0.0.1, and that certificate as PEM. */
    public record Tls(HttpsServer server, Path caPem) {}

    /** The key pair and certificate, made once per test JVM: keytool is a JVM start of its own, twice. */
    private static Path[] material;

    private static synchronized Path[] material() throws Exception {
        if (material == null) {
            Path dir = java.nio.file.Files.createTempDirectory("dac-test-tls");
            Path keystore = dir.resolve("server.p12");
            Path pem = dir.resolve("ca.pem");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                    "changeit", "-file", pem.toString());
            for (Path file : new Path[] {dir, keystore, pem}) {
                file.toFile().deleteOnExit();
            }
            material = new Path[] {keystore, pem};
        }
        return material;
    }

    public static Tls selfSignedTls(Path dir) throws Exception {
        Path keystore = material()[0];
        Path pem = java.nio.file.Files.copy(material()[1], dir.resolve("ca.pem"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", FakeClusters::info);
        return new Tls(server, pem);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
