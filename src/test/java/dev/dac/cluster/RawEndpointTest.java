package dev.dac.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw requests through the client's transport over OkHttp, against a server that answers what Elasticsearch (or a
 * proxy in front of it) can answer: what is sent, and that every failure keeps its HTTP status and reason.
 */
class RawEndpointTest {

    private HttpServer server;
    private ElasticsearchClient client;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> respond(exchange, 200, "application/json", JsonMapper.builder()
                .build().createObjectNode()
                .put("method", exchange.getRequestMethod())
                .put("query", exchange.getRequestURI().getRawQuery())
                .put("content_type", exchange.getRequestHeaders().getFirst("Content-Type"))
                .put("authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                .put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .toString()));
        server.createContext("/doc-not-found", exchange -> respond(exchange, 404, "application/json",
                "{\"_index\":\"logs\",\"_id\":\"1\",\"found\":false}"));
        server.createContext("/bad-query", exchange -> respond(exchange, 400, "application/json",
                "{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\",\"reason\":\"unknown query [mtch]\"}],"
                        + "\"type\":\"x_content_parse_exception\",\"reason\":\"[1:10] outer\"},\"status\":400}"));
        server.createContext("/proxy", exchange -> respond(exchange, 502, "text/html", "<html>Bad Gateway</html>"));
        server.createContext("/nothing", exchange -> respond(exchange, 200, null, ""));
        server.start();
        client = ClusterClients.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new ClusterClients.Credentials("a2V5LWlkOmtleQ==", null, null), null);
    }

    @AfterEach
    void stop() {
        ClusterClients.close(client);
        server.stop(0);
    }

    @Test
    void theRequestGoesOutAsWrittenWithTheClientsHeadersAndCredentials() throws Exception {
        byte[] ndjson = "{\"index\":{}}\n{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        JsonNode echo = JsonMapper.builder().build().readTree(RawEndpoint.send(client._transport(),
                RawEndpoint.Request.of("POST", "/echo/_bulk?refresh=wait_for&routing=a%2Cb", ndjson)));

        assertThat(echo.path("method").asString()).isEqualTo("POST");
        assertThat(echo.path("query").asString()).isEqualTo("refresh=wait_for&routing=a%2Cb");
        assertThat(echo.path("content_type").asString()).startsWith("application/vnd.elasticsearch+json")
                .contains("compatible-with=8");
        assertThat(echo.path("authorization").asString()).isEqualTo("ApiKey a2V5LWlkOmtleQ==");
        assertThat(echo.path("body").asString()).isEqualTo("{\"index\":{}}\n{\"a\":1}\n");
    }

    @Test
    void anErrorKeepsItsStatusWhateverItsBody() {
        ElasticsearchException notFound = catchThrowableOfType(ElasticsearchException.class,
                () -> RawEndpoint.send(client._transport(), RawEndpoint.Request.of("GET", "/doc-not-found", null)));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.error().reason()).contains("\"found\":false");

        ElasticsearchException bad = catchThrowableOfType(ElasticsearchException.class,
                () -> RawEndpoint.send(client._transport(), RawEndpoint.Request.of("POST", "/bad-query", new byte[] {})));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error().reason()).isEqualTo("unknown query [mtch]");
        assertThat(bad.error().type()).isEqualTo("parsing_exception");

        TransportException proxy = catchThrowableOfType(TransportException.class,
                () -> RawEndpoint.send(client._transport(), RawEndpoint.Request.of("GET", "/proxy", null)));
        assertThat(proxy.statusCode()).isEqualTo(502);
        assertThat(proxy.getMessage()).contains("text/html");
    }

    @Test
    void aPathInTheUrlPrefixesEveryRequest() throws Exception {
        ElasticsearchClient behindProxy = ClusterClients.create(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/echo/"), ClusterClients.Credentials.NONE, null);
        try {
            JsonNode echo = JsonMapper.builder().build().readTree(RawEndpoint.send(behindProxy._transport(),
                    RawEndpoint.Request.of("GET", "/_nodes/_local?filter_path=nodes.*.version", null)));
            assertThat(echo.path("method").asString()).isEqualTo("GET");
            assertThat(echo.path("query").asString()).isEqualTo("filter_path=nodes.*.version");
        } finally {
            ClusterClients.close(behindProxy);
        }
    }

    @Test
    void anAnswerWithoutABodyIsEmpty() throws Exception {
        assertThat(RawEndpoint.send(client._transport(), RawEndpoint.Request.of("HEAD", "/nothing", null))).isEmpty();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
