package dev.dac.cluster;

/** A way to get a running Elasticsearch: a local node, a Docker container, or a cluster someone else runs. */
public interface ElasticsearchProvider {

    /** Starts (or connects to) Elasticsearch and waits until it can serve requests. */
    RunningElasticsearch start() throws ClusterException;

    /** What this provider is, for progress and error messages ("local node 8.19.21", ...). */
    String describe();
}
