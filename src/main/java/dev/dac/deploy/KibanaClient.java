package dev.dac.deploy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kibana's Detection Engine API over OkHttp: the headers it requires (kbn-xsrf, elastic-api-version), API key or
 * basic auth, spaces, TLS verified by default, and limits on waiting: each request must be answered completely
 * within its deadline and the whole command within its own. Retries with exponential backoff and jitter on 429, 503,
 * timeouts and connection failures (honouring Retry-After), never on other statuses, each retry told to the log.
 * Redirects are never followed: a rule or a credential must not go to another address than the one configured.
 * Errors name the request, never a secret.
 */
public final class KibanaClient implements AutoCloseable {

    /** The most of one answer dac reads; an export of 10,000 rules is far below. */
    static final long MAX_ANSWER_BYTES = 256L << 20;

    private static final String RETRY_AFTER = "Dac-Retry-After";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    // a body with more after its JSON is not the JSON Kibana sends
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final KibanaConnection connection;
    private final OkHttpClient http;
    private final ClientClock clock;
    private final Consumer<String> log;
    private final long commandDeadline;

    /** A response to {@code request} (method and path): status and body (JSON when it parses, else a null node). */
    public record KibanaResponse(String request, int status, JsonNode json, String text) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as the JSON object Kibana sends, or an error saying what came instead. */
        public ObjectNode object() throws DeployException {
            if (json instanceof ObjectNode object) {
                return object;
            }
            throw new DeployException("Kibana answered " + request + " (" + status + ") with " + describeBody()
                    + " where its API sends a JSON object; check that --kibana-url points at Kibana itself, not at"
                    + " a proxy or a login page");
        }

        /** What the body is, for messages: its message, else a short excerpt of its text. */
        public String describeBody() {
            if (text.isBlank()) {
                return "an empty body";
            }
            if (json.isContainer()) {
                return "JSON " + (json.isObject() ? "object" : "list") + " " + excerpt(text);
            }
            return (json.isMissingNode() || json.isNull() ? "text that is not JSON: " : "JSON ") + excerpt(text);
        }

        /** Kibana's error message, else a short excerpt of the body. */
        public String message() {
            if (json.isObject() && json.path("message").isString()) {
                return excerpt(json.path("message").asString());
            }
            return excerpt(text);
        }

        static String excerpt(String text) {
            String oneLine = text.strip().replaceAll("\\s+", " ");
            return "'" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine) + "'";
        }
    }

    public KibanaClient(KibanaConnection connection) throws DeployException {
        this(connection, message -> { });
    }

    /** A client that tells {@code log} about each retry: what failed, the attempt, and the wait. */
    public KibanaClient(KibanaConnection connection, Consumer<String> log) throws DeployException {
        this(connection, log, ClientClock.SYSTEM);
    }

    KibanaClient(KibanaConnection connection, Consumer<String> log, ClientClock clock) throws DeployException {
        this.connection = connection;
        this.log = log;
        this.clock = clock;
        this.commandDeadline = clock.millis() + connection.limits().command().toMillis();
        long request = connection.limits().request().toMillis();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connection.limits().connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(request, TimeUnit.MILLISECONDS)
                .writeTimeout(request, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> hideRetryAfter(chain.proceed(chain.request())));
        if (connection.insecure() && connection.caCertificate() != null) {
            throw new DeployException("--insecure turns certificate checks off and --ca-cert trusts a CA: give one"
                    + " of them");
        }
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

    /** Why the last attempt failed, when it is worth asking again; the final message if it was the last. */
    private record Failure(String reason, String finalMessage) {}

    /** The answer did not come complete within the request's deadline. */
    private static final class AnswerTooSlow extends InterruptedIOException {}

    private KibanaResponse execute(String method, String path, RequestBody body) throws DeployException {
        String fullPath = connection.apiPath(path);
        String what = method + " " + fullPath;
        Request built = request(method, fullPath, body);
        int attempts = connection.limits().maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            long remaining = commandDeadline - clock.millis();
            if (remaining <= 0) {
                throw commandDeadlinePassed(what);
            }
            long budget = Math.min(connection.limits().request().toMillis(), remaining);
            long requestDeadline = clock.millis() + budget;
            Call call = http.newCall(built);
            call.timeout().timeout(budget, TimeUnit.MILLISECONDS); // the real-time bound, whatever the clock says
            Failure failure;
            String retryAfter = null;
            try (Response response = call.execute()) {
                int status = response.code();
                if (response.isRedirect() || (status >= 300 && status < 400)) {
                    throw redirected(what, status, response.header("Location"), built.url());
                }
                String text = readAnswer(response, what, requestDeadline);
                if (status == 429 || status == 503) {
                    retryAfter = response.header(RETRY_AFTER);
                    failure = new Failure("Kibana answered " + status, "Kibana is overloaded: " + what + " answered "
                            + status + " " + attempt + " times; try again later");
                } else {
                    checkAuthorization(status, what);
                    return new KibanaResponse(what, status, parse(text), text);
                }
            } catch (SSLPeerUnverifiedException e) {
                throw new DeployException("TLS with Kibana at " + connection.url() + " failed: the certificate's"
                        + " names do not match the host '" + built.url().host() + "' (" + firstLine(e) + "); use"
                        + " a host name the certificate names in --kibana-url");
            } catch (SSLException e) {
                // a certificate problem does not go away by asking again
                throw new DeployException("TLS with Kibana at " + connection.url() + " failed (" + describe(e)
                        + (connection.caCertificate() == null
                                ? "); if Kibana uses a private CA, give its certificate with --ca-cert"
                                : "); check that Kibana's certificate is signed by the CA in --ca-cert "
                                        + connection.caCertificate()));
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new DeployException("interrupted during " + what);
                }
                failure = timedOut(what, budget, attempt);
            } catch (IOException e) {
                failure = new Failure("connection failed (" + describe(e) + ")", "cannot reach Kibana at "
                        + connection.url() + " (" + describe(e) + ") after " + attempt + " attempts; check the URL"
                        + " and that Kibana is running");
            }
            if (clock.millis() >= commandDeadline) {
                throw commandDeadlinePassed(what);
            }
            if (attempt >= attempts) {
                throw new DeployException(failure.finalMessage());
            }
            long wait = delay(attempt - 1, retryAfter);
            if (clock.millis() + wait >= commandDeadline) {
                throw new DeployException(failure.finalMessage() + "; no time is left for another attempt within"
                        + " the deadline of " + seconds(connection.limits().command().toMillis()) + " (--timeout)");
            }
            log.accept("retrying " + what + " in " + seconds(wait) + ": " + failure.reason() + " (attempt " + attempt
                    + " of " + attempts + ")");
            clock.sleep(wait);
        }
    }

    private Request request(String method, String fullPath, RequestBody body) {
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
        return request.build();
    }

    /** The whole body, read against the request's deadline on the client's clock (a trickle counts as slow). */
    private String readAnswer(Response response, String what, long requestDeadline) throws IOException,
            DeployException {
        if (clock.millis() > requestDeadline) {
            throw new AnswerTooSlow();
        }
        Buffer buffer = new Buffer();
        BufferedSource source = response.body().source();
        while (source.read(buffer, 8192) != -1) {
            if (clock.millis() > requestDeadline) {
                throw new AnswerTooSlow();
            }
            if (buffer.size() > MAX_ANSWER_BYTES) {
                throw new DeployException("Kibana's answer to " + what + " is larger than "
                        + (MAX_ANSWER_BYTES >> 20) + " MiB; dac stopped reading it");
            }
        }
        return buffer.readString(StandardCharsets.UTF_8);
    }

    private Failure timedOut(String what, long budget, int attempt) {
        String within = seconds(budget) + (budget < connection.limits().request().toMillis()
                ? " (what was left of --timeout)" : " (--request-timeout)");
        return new Failure("no complete answer within " + within, "Kibana did not answer " + what + " within "
                + within + ", " + attempt + " times");
    }

    private DeployException commandDeadlinePassed(String what) {
        return new DeployException("the command's deadline of " + seconds(connection.limits().command().toMillis())
                + " (--timeout) passed during " + what + "; nothing more is sent. Give a longer --timeout if Kibana"
                + " is slow but working");
    }

    private DeployException redirected(String what, int status, String location, HttpUrl from) {
        HttpUrl target = location == null ? null : from.resolve(location);
        String where = target == null ? "no valid address" : target.scheme() + "://" + target.host() + ":"
                + target.port() + target.encodedPath();
        return new DeployException("Kibana answered " + what + " with a redirect (" + status + ") to " + where
                + "; dac never follows redirects, so no rule or credential goes anywhere but --kibana-url. Give"
                + " Kibana's own address in --kibana-url (with its base path, if it has one)");
    }

    private void checkAuthorization(int status, String what) throws DeployException {
        if (status == 401) {
            throw new DeployException("Kibana refused the credentials (401) for " + what + "; check"
                    + " KIBANA_API_KEY, or KIBANA_USERNAME and KIBANA_PASSWORD");
        }
        if (status == 403) {
            throw new DeployException("Kibana denied " + what + " (403): the user or API key lacks the"
                    + " privileges to manage detection rules in space '" + connection.space() + "'");
        }
    }

    /**
     * OkHttp repeats a 503 that says Retry-After: 0 by itself, once and silently; dac counts and logs every retry, so
     * the header reaches it under another name (okhttp3.internal.http.RetryAndFollowUpInterceptor).
     */
    private static Response hideRetryAfter(Response response) {
        String retryAfter = response.header("Retry-After");
        return retryAfter == null ? response : response.newBuilder().removeHeader("Retry-After")
                .header(RETRY_AFTER, retryAfter).build();
    }

    /** Exponential backoff with full jitter, or what Retry-After asks for (in seconds). */
    long delay(int attempt, String retryAfter) {
        if (retryAfter != null && retryAfter.strip().matches("\\d{1,9}")) {
            return Math.min(60_000, Long.parseLong(retryAfter.strip()) * 1000);
        }
        long cap = connection.limits().retryBase().toMillis() * (1L << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis < 1000 ? millis + " ms"
                : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String firstLine(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip().replaceAll(":$", "");
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.nullNode();
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
