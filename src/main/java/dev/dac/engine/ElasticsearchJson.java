package dev.dac.engine;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportException;
import dev.dac.cluster.RawEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON requests to Elasticsearch with bodies built as trees: the engine writes the same Query DSL Kibana sends,
 * so it talks in that JSON rather than through typed builders.
 */
public final class ElasticsearchJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ElasticsearchTransport transport;

    /** Requests go through {@code client}'s transport: its connection, credentials and TLS. */
    public ElasticsearchJson(ElasticsearchClient client) {
        this.transport = client._transport();
    }

    /** A failed request: Elasticsearch's status and reason. */
    public static final class RequestFailed extends IOException {
        private final int status;

        RequestFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public JsonNode send(String method, String path, Object body) throws IOException {
        byte[] bytes = body == null ? null
                : (body instanceof String s ? s : JSON.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        byte[] answer;
        try {
            answer = RawEndpoint.send(transport, RawEndpoint.Request.of(method, path, bytes));
        } catch (ElasticsearchException e) {
            throw new RequestFailed(e.status(), e.error().reason());
        } catch (TransportException e) {
            throw new RequestFailed(e.statusCode(), e.getMessage());
        }
        return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
    }

    public JsonNode search(String index, Object body) throws IOException {
        return send("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true", body);
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
