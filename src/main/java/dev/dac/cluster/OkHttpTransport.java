package dev.dac.cluster;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.util.BinaryData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * The elasticsearch-java transport over OkHttp, the HTTP client dac already has for Kibana, so dac carries one HTTP
 * stack instead of also the Elasticsearch low-level RestClient and Apache HttpAsyncClient under it. Requests, headers
 * (compatible-with=8, user agent) and error decoding stay the client's ({@link ElasticsearchTransportBase}); this
 * class only moves bytes. It follows the contract of the client's own RestClientHttpClient.
 */
final class OkHttpTransport extends ElasticsearchTransportBase {

    OkHttpTransport(OkHttpClient http, URI base, String authorization, JsonpMapper mapper) {
        // without an explicit instrumentation the client looks for OpenTelemetry, which dac does not ship
        super(new Client(http, HttpUrl.get(base.toString()), authorization), null, mapper,
                NoopInstrumentation.INSTANCE);
    }

    /** One request: the client's request (path already encoded by its endpoint) sent to the one node dac knows. */
    private record Client(OkHttpClient http, HttpUrl base, String authorization) implements TransportHttpClient {

        @Override
        public TransportHttpClient.Response performRequest(String endpointId, Node node,
                TransportHttpClient.Request request, TransportOptions options) throws IOException {
            return OkResponse.read(http.newCall(toOkHttp(request, options)).execute());
        }

        @Override
        public CompletableFuture<TransportHttpClient.Response> performRequestAsync(String endpointId, Node node,
                TransportHttpClient.Request request, TransportOptions options) {
            CompletableFuture<TransportHttpClient.Response> future = new CompletableFuture<>();
            Call call;
            try {
                call = http.newCall(toOkHttp(request, options));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return future;
            }
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call failed, IOException e) {
                    future.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call done, okhttp3.Response response) {
                    try {
                        future.complete(OkResponse.read(response));
                    } catch (IOException e) {
                        future.completeExceptionally(e);
                    }
                }
            });
            future.whenComplete((response, error) -> {
                if (future.isCancelled()) {
                    call.cancel();
                }
            });
            return future;
        }

        private okhttp3.Request toOkHttp(TransportHttpClient.Request request, TransportOptions options) {
            // an ES_URL with a path (a proxy's prefix) keeps it in front of every request's path
            String prefix = base.encodedPath().endsWith("/")
                    ? base.encodedPath().substring(0, base.encodedPath().length() - 1) : base.encodedPath();
            HttpUrl.Builder url = base.newBuilder().encodedPath(prefix + request.path()).query(null);
            request.queryParams().forEach(url::addQueryParameter);
            if (options != null) {
                options.queryParameters().forEach(url::addQueryParameter);
            }
            okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(url.build());
            request.headers().forEach(builder::header);
            if (options != null) {
                options.headers().forEach(header -> builder.header(header.getKey(), header.getValue()));
            }
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            RequestBody body = null;
            if (request.body() != null) {
                String type = request.headers().get("Content-Type");
                body = RequestBody.create(concatenate(request.body()), type == null ? null : MediaType.get(type));
            } else if (List.of("POST", "PUT", "PATCH").contains(request.method())) {
                // OkHttp wants a body for these methods, empty or not
                body = RequestBody.create(new byte[0], null);
            }
            return builder.method(request.method(), body).build();
        }

        private static byte[] concatenate(Iterable<ByteBuffer> buffers) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer buffer : buffers) {
                ByteBuffer view = buffer.duplicate();
                byte[] chunk = new byte[view.remaining()];
                view.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** An answer, its body read whole (Elasticsearch's answers to dac are small JSON or ES|QL results). */
    private static final class OkResponse implements TransportHttpClient.Response {
        private final okhttp3.Response response;
        private final BinaryData body;

        private OkResponse(okhttp3.Response response, BinaryData body) {
            this.response = response;
            this.body = body;
        }

        static OkResponse read(okhttp3.Response response) throws IOException {
            try (response) {
                MediaType type = response.body().contentType();
                byte[] bytes = response.body().bytes();
                // an error without a body must read as none (the transport then reports the status); a success
                // without one as empty, since the client's binary answers cannot hold none
                BinaryData body = bytes.length == 0 && !response.isSuccessful() ? null
                        : BinaryData.of(bytes, type == null ? "application/json" : type.toString());
                return new OkResponse(response, body);
            }
        }

        @Override
        public TransportHttpClient.Node node() {
            return new TransportHttpClient.Node(response.request().url().uri());
        }

        @Override
        public int statusCode() {
            return response.code();
        }

        @Override
        public String header(String name) {
            return response.header(name);
        }

        @Override
        public List<String> headers(String name) {
            return response.headers(name);
        }

        @Override
        public BinaryData body() {
            return body;
        }

        @Override
        public Object originalResponse() {
            return response;
        }

        @Override
        public void close() {
            // the body was read and the response closed when it arrived
        }
    }
}
