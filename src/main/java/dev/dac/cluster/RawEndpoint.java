package dev.dac.cluster;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.json.JsonpDeserializer;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any request to Elasticsearch through the elasticsearch-java transport: method, path with its query string, a JSON
 * (or NDJSON) body as bytes, and the answer as bytes. For requests the typed API does not cover, or that dac writes
 * as Query DSL the way Kibana does. A failed request throws the client's {@link ElasticsearchException} with the HTTP
 * status and the reason Elasticsearch gave, whatever the shape of its error body.
 */
public final class RawEndpoint extends BinaryEndpoint<RawEndpoint.Request> {

    /** A request: {@code path} may carry a query string ({@code /_bulk?refresh=wait_for}). */
    public record Request(String method, String path, Map<String, String> query, BinaryData body) {

        public static Request of(String method, String pathAndQuery, byte[] body) {
            int question = pathAndQuery.indexOf('?');
            String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            Map<String, String> query = new LinkedHashMap<>();
            if (question >= 0) {
                for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int equals = pair.indexOf('=');
                    query.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
                            equals < 0 ? "" : decode(pair.substring(equals + 1)));
                }
            }
            // bulk bodies are NDJSON; the client sends both kinds as compatible JSON, as its own bulk API does
            return new Request(method, path.startsWith("/") ? path : "/" + path, query,
                    body == null ? null : BinaryData.of(body, ContentType.APPLICATION_JSON));
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    private static final RawEndpoint INSTANCE = new RawEndpoint();

    private RawEndpoint() {
        super("dac.raw", Request::method, Request::path, r -> Map.of(), Request::query, r -> Map.of(),
                Request::body, null);
    }

    /** Sends {@code request}; the answer's bytes, empty when it has no body. */
    public static byte[] send(ElasticsearchTransport transport, Request request) throws IOException {
        try (BinaryResponse response = transport.performRequest(request, INSTANCE, null)) {
            try (InputStream in = response.content()) {
                return in.readAllBytes();
            }
        }
    }

    @Override
    public boolean isError(int status) {
        return status >= 300;
    }

    /**
     * Any error body becomes an {@link ErrorResponse} with the HTTP status, so the status is never lost (the client
     * would otherwise take an error body it cannot read for a successful answer). The reason is the first root
     * cause's, else the error's, else the body itself (after Elasticsearch's RestResponse and ElasticsearchException).
     */
    @Override
    public JsonpDeserializer<ErrorResponse> errorDeserializer(int status) {
        return JsonpDeserializer.of(EnumSet.allOf(jakarta.json.stream.JsonParser.Event.class), (parser, mapper) -> {
            JsonValue body = JsonpDeserializer.jsonValueDeserializer().deserialize(parser, mapper);
            String type = "http_" + status;
            String reason = body.toString();
            if (body instanceof JsonObject object && object.get("error") instanceof JsonObject error) {
                JsonObject cause = error.get("root_cause") instanceof jakarta.json.JsonArray causes
                        && !causes.isEmpty() && causes.get(0) instanceof JsonObject first ? first : error;
                type = text(cause.get("type"), text(error.get("type"), type));
                reason = text(cause.get("reason"), text(error.get("reason"), reason));
            } else if (body instanceof JsonObject object && object.get("error") instanceof JsonString error) {
                reason = error.getString();
            }
            String finalType = type;
            String finalReason = reason;
            return ErrorResponse.of(r -> r.status(status).error(e -> e.type(finalType).reason(finalReason)));
        });
    }

    private static String text(JsonValue value, String otherwise) {
        return value instanceof JsonString string ? string.getString() : otherwise;
    }
}
