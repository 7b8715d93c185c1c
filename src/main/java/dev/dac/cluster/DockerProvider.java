package dev.dac.cluster;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/** Elasticsearch from the official image in a container (Testcontainers), where a Docker engine is reachable. */
public final class DockerProvider implements ElasticsearchProvider {

    static final String DEFAULT_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:9.2.0";

    private final String image;

    public DockerProvider(String image) {
        this.image = image == null || image.isBlank() ? DEFAULT_IMAGE : image;
    }

    /** True when a Docker engine answers; Testcontainers checks the usual sockets and DOCKER_HOST. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public RunningElasticsearch start() throws ClusterException {
        if (!dockerAvailable()) {
            throw new ClusterException("engine 'docker' needs a running Docker engine, and none answers here; use"
                    + " --engine local (a node built from Maven Central) or --engine url with ES_URL");
        }
        ElasticsearchContainer container = new ElasticsearchContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("docker.elastic.co/elasticsearch/elasticsearch"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("discovery.type", "single-node")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new ClusterException("the Elasticsearch container (" + image + ") did not start: " + e.getMessage(), e);
        }
        URI url = URI.create("http://" + container.getHttpHostAddress());
        RunningElasticsearch connected = new ExistingClusterProvider(url, ClusterClients.Credentials.NONE, null).start();
        return new Containerized(container, connected);
    }

    @Override
    public String describe() {
        return "Elasticsearch container " + image;
    }

    /** A container and the connection to it; closing stops and removes the container. */
    private record Containerized(ElasticsearchContainer container, RunningElasticsearch connection)
            implements RunningElasticsearch {
        @Override
        public URI url() {
            return connection.url();
        }

        @Override
        public co.elastic.clients.elasticsearch.ElasticsearchClient client() {
            return connection.client();
        }

        @Override
        public String version() {
            return connection.version();
        }

        @Override
        public void ensureAlive() throws ClusterException {
            if (!container.isRunning()) {
                throw new ClusterException("the Elasticsearch container " + container.getContainerName()
                        + " has stopped; its last log lines:\n" + container.getLogs().lines()
                        .reduce((a, b) -> b).orElse(""));
            }
            connection.ensureAlive();
        }

        @Override
        public void close() {
            connection.close();
            container.close();
        }
    }
}
