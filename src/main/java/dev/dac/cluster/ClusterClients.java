package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** Builds the elasticsearch-java client for a URL, with credentials and TLS trust, and words connection failures. */
final class ClusterClients {

    /** How to authenticate: an API key (id:key base64, as Kibana shows it), user and password, or nothing. */
    record Credentials(String apiKey, String username, String password) {
        static final Credentials NONE = new Credentials(null, null, null);

        /** Never prints a secret, whatever logs this record. */
        @Override
        public String toString() {
            return apiKey != null ? "API key" : username != null ? "user " + username : "no credentials";
        }
    }

    private ClusterClients() {}

    /** Connection timeouts of the clients dac works with. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    static ElasticsearchClient create(URI url, Credentials credentials, Path caCertificate) throws ClusterException {
        return create(url, credentials, caCertificate, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    static ElasticsearchClient create(URI url, Credentials credentials, Path caCertificate, Duration connectTimeout,
            Duration readTimeout) throws ClusterException {
        String authorization = null;
        if (credentials.apiKey() != null) {
            authorization = "ApiKey " + credentials.apiKey();
        } else if (credentials.username() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":"
                    + (credentials.password() == null ? "" : credentials.password())).getBytes(StandardCharsets.UTF_8));
        }
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // a request is sent once: a bulk retried after a lost answer could index twice
                .retryOnConnectionFailure(false);
        if (caCertificate != null) {
            X509TrustManager trust = trustManager(caCertificate);
            http.sslSocketFactory(sslContext(trust, caCertificate).getSocketFactory(), trust);
        }
        return new ElasticsearchClient(new OkHttpTransport(http.build(), url, authorization,
                new Jackson3JsonpMapper()));
    }

    /**
     * The version of the node that answers. Read from the local node's info, because the minimal distribution the
     * local node is built from has no handler for {@code GET /}; falls back to {@code GET /} for credentials that
     * may not read node info.
     */
    static String version(ElasticsearchClient client) throws IOException {
        try {
            byte[] body = RawEndpoint.send(client._transport(),
                    RawEndpoint.Request.of("GET", "/_nodes/_local?filter_path=nodes.*.version", null));
            for (var node : new tools.jackson.databind.ObjectMapper().readTree(body).path("nodes")) {
                return node.path("version").asString();
            }
        } catch (ElasticsearchException e) {
            if (e.status() != 403) {
                throw e;
            }
        }
        return client.info().version().number();
    }

    /** True when an Elasticsearch answers its cluster health at {@code url} within a few seconds. */
    static boolean answers(URI url) {
        ElasticsearchClient client;
        try {
            client = create(url, Credentials.NONE, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
        } catch (ClusterException e) {
            return false;
        }
        try {
            client.cluster().health();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            close(client);
        }
    }

    static void close(ElasticsearchClient client) {
        try {
            client._transport().close();
        } catch (IOException e) {
            // closing a client that already lost its connection has nothing left to release
        }
    }

    private static X509TrustManager trustManager(Path caCertificate) throws ClusterException {
        try {
            return dev.dac.tls.PemTrust.trustManager(caCertificate);
        } catch (IOException e) {
            throw new ClusterException("cannot read the CA certificate " + caCertificate + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ClusterException("the CA certificate " + caCertificate + " is not a usable X.509 PEM file: "
                    + e.getMessage());
        }
    }

    /** TLS that trusts the PEM certificate(s) of {@code trust} (verification of host names stays on). */
    private static SSLContext sslContext(X509TrustManager trust, Path caCertificate) throws ClusterException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ClusterException("cannot set up TLS with the CA certificate " + caCertificate + ": "
                    + e.getMessage());
        }
    }

    /** A failed request to {@code url} in words: what went wrong and what to check. */
    static String explain(URI url, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof TransportException) && !(cause instanceof SSLException)
                && !(cause instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException)
                && !(cause instanceof ConnectException) && !(cause instanceof UnknownHostException)) {
            cause = cause.getCause();
        }
        Integer status = null;
        String reason = null;
        if (cause instanceof TransportException transport && transport.statusCode() > 0) {
            status = transport.statusCode();
            reason = transport.getMessage();
        } else if (cause instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException es) {
            status = es.status();
            reason = es.error() == null ? es.getMessage() : es.error().reason();
        }
        if (status != null) {
            if (status == 401) {
                return "Elasticsearch at " + url + " refused the credentials (401); check ES_API_KEY, or ES_USERNAME"
                        + " and ES_PASSWORD";
            }
            if (status == 403) {
                return "Elasticsearch at " + url + " denied the request (403); the credentials lack the privileges"
                        + " dac needs (manage and write on the test indices)";
            }
            return "Elasticsearch at " + url + " answered " + status + ": " + reason;
        }
        if (cause instanceof SSLException) {
            return "TLS with " + url + " failed (" + cause.getMessage() + "); if the cluster uses its own CA, give its"
                    + " certificate with ES_CA_CERT";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect to Elasticsearch at " + url + " (connection refused); check that it is running and"
                    + " the URL is right";
        }
        if (cause instanceof UnknownHostException) {
            return "cannot resolve the host of " + url + "; check the URL";
        }
        return "request to Elasticsearch at " + url + " failed: " + cause;
    }
}
