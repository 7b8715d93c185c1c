package dev.dac.cli;

import dev.dac.cluster.ClusterException;
import dev.dac.cluster.ClusterSelection;
import dev.dac.cluster.ClusterKind;
import dev.dac.cluster.DetachedNode;
import dev.dac.cluster.LocalNodeSettings;
import dev.dac.cluster.RunningElasticsearch;
import java.util.Map;

/**
 * The cluster that holds data between commands ({@code dac data load}, then {@code dac backtest}): the one at ES_URL,
 * else the local node {@code dac es start} left running. A node started just for one command would lose its data
 * when the command ends, so none is started.
 */
final class DataCluster {

    private DataCluster() {}

    static RunningElasticsearch connect(Map<String, String> env, String command) throws ClusterException {
        String url = env.get("ES_URL");
        if (url != null && !url.isBlank()) {
            return ClusterSelection.choose(ClusterKind.URL, env).start();
        }
        if (DetachedNode.running(LocalNodeSettings.fromEnvironment(env)).isEmpty()) {
            throw new ClusterException("dac " + command + " needs a cluster that keeps its data: set ES_URL (and"
                    + " ES_API_KEY), or start the local node with `dac es start` (data stays in it until"
                    + " `dac es stop`)");
        }
        return ClusterSelection.choose(ClusterKind.AUTO, env).start();
    }
}
