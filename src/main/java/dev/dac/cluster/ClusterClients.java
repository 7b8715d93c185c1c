package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

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

    /** The REST client logs every deprecation warning a response carries; dac reports what matters itself. */
    private static final java.util.logging.Logger REST_CLIENT_LOG =
            java.util.logging.Logger.getLogger("org.elasticsearch.client.RestClient");

    static {
        REST_CLIENT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private ClusterClients() {}

    static ElasticsearchClient create(URI url, Credentials credentials, Path caCertificate) throws ClusterException {
        RestClientBuilder builder = RestClient.builder(HttpHost.create(url.toString()));
        if (credentials.apiKey() != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + credentials.apiKey())});
        } else if (credentials.username() != null) {
            String basic = Base64.getEncoder().encodeToString((credentials.username() + ":"
                    + (credentials.password() == null ? "" : credentials.password())).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
        }
        SSLContext ssl = caCertificate == null ? null : trusting(caCertificate);
        builder.setRequestConfigCallback(config -> config.setConnectTimeout(10_000).setSocketTimeout(120_000));
        if (ssl != null) {
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(ssl));
        }
        RestClientTransport transport = new RestClientTransport(builder.build(), new JacksonJsonpMapper());
        return new ElasticsearchClient(transport);
    }

    /**
     * The version of the node that answers. Read from the local node's info, because the minimal distribution the
     * local node is built from has no handler for {@code GET /}; falls back to {@code GET /} for credentials that
     * may not read node info.
     */
    static String version(ElasticsearchClient client) throws IOException {
        RestClient rest = ((RestClientTransport) client._transport()).restClient();
        try {
            var response = rest.performRequest(new org.elasticsearch.client.Request("GET",
                    "/_nodes/_local?filter_path=nodes.*.version"));
            try (InputStream body = response.getEntity().getContent()) {
                var nodes = new tools.jackson.databind.ObjectMapper().readTree(body).path("nodes");
                for (var node : nodes) {
                    return node.path("version").asString();
                }
            }
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 403) {
                throw e;
            }
        }
        return client.info().version().number();
    }

    static void close(ElasticsearchClient client) {
        try {
            client._transport().close();
        } catch (IOException e) {
            // closing a client that already lost its connection has nothing left to release
        }
    }

    /** An SSL context that trusts the PEM certificate(s) in {@code caCertificate} (verification stays on). */
    static SSLContext trusting(Path caCertificate) throws ClusterException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {dev.dac.tls.PemTrust.trustManager(caCertificate)},
                    null);
            return context;
        } catch (IOException e) {
            throw new ClusterException("cannot read the CA certificate " + caCertificate + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ClusterException("the CA certificate " + caCertificate + " is not a usable X.509 PEM file: "
                    + e.getMessage());
        }
    }

    /** A failed request to {@code url} in words: what went wrong and what to check. */
    static String explain(URI url, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof ResponseException) && !(cause instanceof SSLException)
                && !(cause instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException)
                && !(cause instanceof ConnectException) && !(cause instanceof UnknownHostException)) {
            cause = cause.getCause();
        }
        Integer status = null;
        String reason = null;
        if (cause instanceof ResponseException response) {
            status = response.getResponse().getStatusLine().getStatusCode();
            reason = response.getResponse().getStatusLine().getReasonPhrase();
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
