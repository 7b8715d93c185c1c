package dev.dac.deploy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kibana's Detection Engine API over OkHttp: the headers it requires (kbn-xsrf, elastic-api-version), API key or
 * basic auth, spaces, TLS verified by default, timeouts, and retries with exponential backoff and jitter on 429, 503
 * and connection failures (honouring Retry-After), never on other 4xx. Errors name the request, never a secret.
 */
public final class KibanaClient implements AutoCloseable {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KibanaConnection connection;
    private final OkHttpClient http;
    private final java.util.function.LongConsumer sleeper;

    /** A response: status and body (JSON when it parses, else the text). */
    public record KibanaResponse(int status, JsonNode json, String text) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public KibanaClient(KibanaConnection connection) throws DeployException {
        this(connection, KibanaClient::sleep);
    }

    KibanaClient(KibanaConnection connection, java.util.function.LongConsumer sleeper) throws DeployException {
        this.connection = connection;
        this.sleeper = sleeper;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connection.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(connection.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(connection.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        try {
            if (connection.insecure()) {
                X509TrustManager trustAll = new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) { }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) { }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
                builder.sslSocketFactory(context.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
            } else if (connection.caCertificate() != null) {
                X509TrustManager trust = dev.dac.tls.PemTrust.trustManager(connection.caCertificate());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trust}, null);
                builder.sslSocketFactory(context.getSocketFactory(), trust);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new DeployException("cannot set up TLS: " + e.getMessage());
        } catch (IOException e) {
            throw new DeployException("cannot read the CA certificate " + connection.caCertificate() + ": "
                    + e.getMessage());
        }
        this.http = builder.build();
    }

    public KibanaConnection connection() {
        return connection;
    }

    public KibanaResponse get(String path) throws DeployException {
        return send("GET", path, null);
    }

    public KibanaResponse send(String method, String path, JsonNode body) throws DeployException {
        RequestBody requestBody = body == null ? (method.equals("GET") || method.equals("DELETE") ? null
                : RequestBody.create(new byte[0], JSON_TYPE))
                : RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE);
        return execute(method, path, requestBody);
    }

    /** Posts {@code ndjson} as the multipart file field {@code file} ({@code rules.ndjson}), as _import takes it. */
    public KibanaResponse importRules(String ndjson, boolean overwrite) throws DeployException {
        RequestBody file = RequestBody.create(ndjson.getBytes(StandardCharsets.UTF_8),
                MediaType.get("application/x-ndjson"));
        RequestBody multipart = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "rules.ndjson", file).build();
        return execute("POST", "/api/detection_engine/rules/_import?overwrite=" + overwrite, multipart);
    }

    private KibanaResponse execute(String method, String path, RequestBody body) throws DeployException {
        String fullPath = connection.apiPath(path);
        Request.Builder request = new Request.Builder().url(connection.url() + fullPath).method(method, body)
                .header("elastic-api-version", KibanaConnection.API_VERSION);
        if (!method.equals("GET")) {
            request.header("kbn-xsrf", "dac");
        }
        if (connection.apiKey() != null) {
            request.header("Authorization", "ApiKey " + connection.apiKey());
        } else if (connection.username() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((connection.username() + ":"
                    + (connection.password() == null ? "" : connection.password())).getBytes(StandardCharsets.UTF_8)));
        }
        Request built = request.build();
        String what = method + " " + fullPath;
        for (int attempt = 0; ; attempt++) {
            try (Response response = http.newCall(built).execute()) {
                int status = response.code();
                String text = response.body().string();
                if ((status == 429 || status == 503) && attempt < connection.maxRetries()) {
                    sleeper.accept(delay(attempt, response.header("Retry-After")));
                    continue;
                }
                if (status == 401) {
                    throw new DeployException("Kibana refused the credentials (401) for " + what + "; check"
                            + " KIBANA_API_KEY, or KIBANA_USERNAME and KIBANA_PASSWORD");
                }
                if (status == 403) {
                    throw new DeployException("Kibana denied " + what + " (403): the user or API key lacks the"
                            + " privileges to manage detection rules in space '" + connection.space() + "'");
                }
                if (status == 429 || status == 503) {
                    throw new DeployException("Kibana is overloaded: " + what + " answered " + status + " "
                            + (attempt + 1) + " times; try again later");
                }
                return new KibanaResponse(status, parse(text), text);
            } catch (SocketTimeoutException e) {
                if (attempt >= connection.maxRetries()) {
                    throw new DeployException("Kibana did not answer " + what + " within "
                            + connection.readTimeout().toSeconds() + " s, " + (attempt + 1) + " times");
                }
                sleeper.accept(delay(attempt, null));
            } catch (InterruptedIOException e) {
                throw new DeployException("interrupted during " + what);
            } catch (javax.net.ssl.SSLException e) {
                // a certificate problem does not go away by asking again
                throw new DeployException("TLS with Kibana at " + connection.url() + " failed (" + describe(e)
                        + "); if Kibana uses a private CA, give its certificate with --ca-cert");
            } catch (IOException e) {
                if (attempt >= connection.maxRetries()) {
                    throw new DeployException("cannot reach Kibana at " + connection.url() + " (" + describe(e)
                            + ") after " + (attempt + 1) + " attempts; check the URL and that Kibana is running");
                }
                sleeper.accept(delay(attempt, null));
            }
        }
    }

    /** Exponential backoff with full jitter, or what Retry-After asks for (in seconds). */
    long delay(int attempt, String retryAfter) {
        if (retryAfter != null && retryAfter.strip().matches("\\d+")) {
            return Math.min(60_000, Long.parseLong(retryAfter.strip()) * 1000);
        }
        long cap = connection.retryBase().toMillis() * (1L << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.nullNode();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
