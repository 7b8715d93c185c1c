package dev.dac.cluster;

import java.util.Map;
import java.util.Optional;

/** Turns {@code --engine} / DAC_ENGINE and the environment into the provider to use. */
public final class ClusterSelection {

    private ClusterSelection() {}

    /** The engine DAC_ENGINE names in {@code env}, else auto; an unknown name is explained. */
    public static ElasticsearchProvider choose(Map<String, String> env) throws ClusterException {
        try {
            return choose(ClusterKind.fromEnvironment(env), env);
        } catch (ClusterKind.UnknownEngine e) {
            throw new ClusterException(e.getMessage(), e);
        }
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
