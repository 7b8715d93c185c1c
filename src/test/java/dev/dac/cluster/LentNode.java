package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;

/** A running Elasticsearch lent to code that closes what it starts: closing the loan leaves the node running. */
public final class LentNode {

    private LentNode() {}

    public static ElasticsearchProvider of(RunningElasticsearch es, String description) {
        return new ElasticsearchProvider() {
            @Override
            public RunningElasticsearch start() {
                return new RunningElasticsearch() {
                    @Override
                    public URI url() {
                        return es.url();
                    }

                    @Override
                    public ElasticsearchClient client() {
                        return es.client();
                    }

                    @Override
                    public String version() {
                        return es.version();
                    }

                    @Override
                    public void ensureAlive() throws ClusterException {
                        es.ensureAlive();
                    }

                    @Override
                    public void close() {
                        // the node belongs to whoever lent it
                    }
                };
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
