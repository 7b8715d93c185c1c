package dev.dac.harness;

import java.util.Locale;

/** Where dac gets its Elasticsearch from: {@code --engine} and {@code DAC_ENGINE}. */
public enum EngineKind {
    /** {@code url} if ES_URL is set, else a node left running by {@code dac es start}, else docker if a Docker
     *  engine answers, else local. */
    AUTO,
    /** A node assembled from Maven Central artifacts and started as a child process. */
    LOCAL,
    /** A container from the official image, through Testcontainers. */
    DOCKER,
    /** An existing cluster at ES_URL. */
    URL;

    public static EngineKind parse(String value) throws EngineException {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineException("unknown engine '" + value + "'; use one of auto, local, docker, url");
        }
    }
}
