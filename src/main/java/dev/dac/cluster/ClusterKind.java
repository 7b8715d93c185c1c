package dev.dac.cluster;

import java.util.Locale;

/** Where dac gets its Elasticsearch from: {@code --engine} and {@code DAC_ENGINE}. */
public enum ClusterKind {
    /** {@code url} if ES_URL is set, else a node left running by {@code dac es start}, else docker if a Docker
     *  engine answers, else local. */
    AUTO,
    /** A node assembled from Maven Central artifacts and started as a child process. */
    LOCAL,
    /** A container from the official image, through Testcontainers. */
    DOCKER,
    /** An existing cluster at ES_URL. */
    URL;

    public static ClusterKind parse(String value) throws ClusterException {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ClusterException("unknown engine '" + value + "'; use one of auto, local, docker, url");
        }
    }
}
