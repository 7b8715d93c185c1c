package dev.dac.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON requests to Elasticsearch with bodies built as trees: the engine writes the same Query DSL Kibana sends,
 * so it talks in that JSON rather than through typed builders.
 */
public final class ElasticsearchJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RestClient rest;

    public ElasticsearchJson(RestClient rest) {
        this.rest = rest;
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
        Request request = new Request(method, path);
        if (body != null) {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            request.setEntity(new NStringEntity(text, path.endsWith("_bulk") || path.contains("_bulk?")
                    ? ContentType.create("application/x-ndjson", StandardCharsets.UTF_8) : ContentType.APPLICATION_JSON));
        }
        try {
            Response response = rest.performRequest(request);
            if (response.getEntity() == null) {
                return JSON.createObjectNode();
            }
            try (InputStream in = response.getEntity().getContent()) {
                return JSON.readTree(in);
            }
        } catch (ResponseException e) {
            String reason;
            try (InputStream in = e.getResponse().getEntity().getContent()) {
                JsonNode error = JSON.readTree(in);
                JsonNode cause = error.path("error").path("root_cause").path(0);
                reason = cause.path("reason").asString(error.path("error").path("reason").asString(error.toString()));
            } catch (IOException | RuntimeException parse) {
                reason = e.getMessage();
            }
            throw new RequestFailed(e.getResponse().getStatusLine().getStatusCode(), reason);
        }
    }

    public JsonNode search(String index, Object body) throws IOException {
        return send("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true", body);
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
