package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * A cluster someone else runs, at ES_URL, with ES_API_KEY or ES_USERNAME/ES_PASSWORD and, for a private CA,
 * ES_CA_CERT. TLS is always verified. dac only uses it: closing lets go of the client, never of the cluster.
 */
public final class ExistingClusterProvider implements ElasticsearchProvider {

    private final URI url;
    private final ClusterClients.Credentials credentials;
    private final Path caCertificate;

    ExistingClusterProvider(URI url, ClusterClients.Credentials credentials, Path caCertificate) {
        this.url = url;
        this.credentials = credentials;
        this.caCertificate = caCertificate;
    }

    /** Reads ES_URL and the credentials from {@code env}. */
    public static ExistingClusterProvider fromEnvironment(java.util.Map<String, String> env) throws ClusterException {
        String raw = env.get("ES_URL");
        if (raw == null || raw.isBlank()) {
            throw new ClusterException("engine 'url' needs ES_URL, the address of the cluster (for example"
                    + " https://localhost:9200)");
        }
        URI url;
        try {
            url = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new ClusterException("ES_URL '" + raw + "' is not a URL; write it like https://host:9200");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new ClusterException("ES_URL '" + raw + "' must start with http:// or https:// and name a host");
        }
        ClusterClients.Credentials credentials = env.get("ES_API_KEY") != null
                ? new ClusterClients.Credentials(env.get("ES_API_KEY").strip(), null, null)
                : env.get("ES_USERNAME") != null
                        ? new ClusterClients.Credentials(null, env.get("ES_USERNAME"), env.get("ES_PASSWORD"))
                        : ClusterClients.Credentials.NONE;
        Path ca = env.get("ES_CA_CERT") == null ? null : Path.of(env.get("ES_CA_CERT"));
        return new ExistingClusterProvider(url, credentials, ca);
    }

    @Override
    public RunningElasticsearch start() throws ClusterException {
        ElasticsearchClient client = ClusterClients.create(url, credentials, caCertificate);
        String version;
        try {
            version = ClusterClients.version(client);
        } catch (IOException | RuntimeException e) {
            ClusterClients.close(client);
            throw new ClusterException(ClusterClients.explain(url, e), e);
        }
        return new Connected(url, client, version);
    }

    @Override
    public String describe() {
        return "Elasticsearch at " + url + " (" + credentials + ")";
    }

    /** A connection to a cluster dac does not own. */
    record Connected(URI url, ElasticsearchClient client, String version) implements RunningElasticsearch {
        @Override
        public void ensureAlive() throws ClusterException {
            try {
                client.ping();
            } catch (IOException | RuntimeException e) {
                throw new ClusterException(ClusterClients.explain(url, e), e);
            }
        }

        @Override
        public void close() {
            ClusterClients.close(client);
        }
    }
}
