package dev.dac.cluster;

import java.util.Locale;
import java.util.Map;

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

    /** The engine DAC_ENGINE names in {@code env}, else AUTO. */
    public static ClusterKind fromEnvironment(Map<String, String> env) throws UnknownEngine {
        String value = env.get("DAC_ENGINE");
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UnknownEngine("DAC_ENGINE names an unknown engine '" + value + "'; use one of "
                    + allowed() + ", or unset it");
        }
    }

    /** The values {@code --engine} and DAC_ENGINE take. */
    public static String allowed() {
        return String.join(", ", java.util.Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT))
                .toList());
    }

    /** A value that names no engine: a usage error, reported before anything starts. */
    public static final class UnknownEngine extends Exception {
        UnknownEngine(String message) {
            super(message);
        }
    }
}
