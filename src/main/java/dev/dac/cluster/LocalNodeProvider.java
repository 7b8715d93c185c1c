package dev.dac.cluster;

import java.nio.file.Path;

/** Assembles (once) and starts a local Elasticsearch node from Maven Central artifacts. */
public final class LocalNodeProvider implements ElasticsearchProvider {

    private final LocalNodeSettings settings;
    private final boolean detached;

    public LocalNodeProvider(LocalNodeSettings settings) {
        this(settings, false);
    }

    LocalNodeProvider(LocalNodeSettings settings, boolean detached) {
        this.settings = settings;
        this.detached = detached;
    }

    @Override
    public LocalNode start() throws ClusterException {
        NodeUser.ensureReachable(settings);
        Path home = new LocalNodeHome(settings).ensureAssembled();
        return LocalNode.start(home, settings, detached);
    }

    @Override
    public String describe() {
        return "local Elasticsearch " + settings.version() + " node";
    }
}
