package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;

/** An Elasticsearch that answers requests, until {@link #close()} stops it (or lets go of it, for a given cluster). */
public interface RunningElasticsearch extends AutoCloseable {

    /** The base URL of its HTTP API. */
    URI url();

    /** A client for it, owned by this object. */
    ElasticsearchClient client();

    /** The Elasticsearch version it reports, such as {@code 8.19.21}. */
    String version();

    /** Throws with a readable explanation when Elasticsearch has gone away (a node that crashed or was killed). */
    void ensureAlive() throws ClusterException;

    @Override
    void close();
}
