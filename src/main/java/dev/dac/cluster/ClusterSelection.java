package dev.dac.cluster;

import java.util.Map;
import java.util.Optional;

/** Turns {@code --engine} / DAC_ENGINE and the environment into the provider to use. */
public final class ClusterSelection {

    private ClusterSelection() {}

    /**
     * The engine named by {@code option}, else by DAC_ENGINE, else auto. The system properties dac.engine and
     * dac.es.url stand in for DAC_ENGINE and ES_URL where a JVM cannot change its environment (tests, embedding).
     */
    public static ElasticsearchProvider choose(String option, Map<String, String> env) throws ClusterException {
        Map<String, String> effective = new java.util.HashMap<>(env);
        if (System.getProperty("dac.engine") != null) {
            effective.put("DAC_ENGINE", System.getProperty("dac.engine"));
        }
        if (System.getProperty("dac.es.url") != null) {
            effective.put("ES_URL", System.getProperty("dac.es.url"));
        }
        String name = option != null ? option : effective.getOrDefault("DAC_ENGINE", "auto");
        return choose(ClusterKind.parse(name), effective);
    }

    public static ElasticsearchProvider choose(ClusterKind kind, Map<String, String> env) throws ClusterException {
        return switch (kind) {
            case URL -> ExistingClusterProvider.fromEnvironment(env);
            case DOCKER -> new DockerProvider(env.get("DAC_DOCKER_IMAGE"));
            case LOCAL -> new LocalNodeProvider(LocalNodeSettings.fromEnvironment(env));
            case AUTO -> auto(env);
        };
    }

    private static ElasticsearchProvider auto(Map<String, String> env) throws ClusterException {
        if (env.get("ES_URL") != null && !env.get("ES_URL").isBlank()) {
            return ExistingClusterProvider.fromEnvironment(env);
        }
        LocalNodeSettings settings = LocalNodeSettings.fromEnvironment(env);
        Optional<DetachedNode.State> detached = DetachedNode.running(settings);
        if (detached.isPresent()) {
            return new ExistingClusterProvider(detached.get().url(), ClusterClients.Credentials.NONE, null);
        }
        if (DockerProvider.dockerAvailable()) {
            return new DockerProvider(env.get("DAC_DOCKER_IMAGE"));
        }
        return new LocalNodeProvider(settings);
    }
}
