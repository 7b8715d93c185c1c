package dev.dac.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A local node kept running between dac runs ({@code dac es start}); its pid, URL and run folder are kept in a
 * state file in the work folder so {@code dac es stop|status} and later runs find it.
 */
public final class DetachedNode {

    /** What {@code dac es start} left behind. */
    public record State(long pid, URI url, Path runDir) {}

    private DetachedNode() {}

    static Path stateFile(LocalNodeSettings settings) {
        return settings.workRoot().resolve("detached-node.properties");
    }

    /** Starts a node that outlives this JVM and records it. */
    public static State start(LocalNodeSettings settings) throws ClusterException {
        Optional<State> existing = running(settings);
        if (existing.isPresent()) {
            throw new ClusterException("a local node is already running at " + existing.get().url() + " (pid "
                    + existing.get().pid() + "); stop it first with 'dac es stop'");
        }
        LocalNode node = new LocalNodeProvider(settings, true).start();
        State state = new State(node.processHandle().pid(), node.url(), node.runDir());
        Properties properties = new Properties();
        properties.setProperty("pid", String.valueOf(state.pid()));
        properties.setProperty("url", state.url().toString());
        properties.setProperty("run_dir", state.runDir().toString());
        try (var out = Files.newBufferedWriter(stateFile(settings))) {
            properties.store(out, "local Elasticsearch started by 'dac es start'");
        } catch (IOException e) {
            LocalNode.stopTree(node.processHandle());
            LocalNodeHome.deleteTree(node.runDir());
            throw new ClusterException("could not record the node in " + stateFile(settings) + ": " + e.getMessage());
        }
        return state;
    }

    /** The recorded node, if its process is still alive and it answers. */
    public static Optional<State> running(LocalNodeSettings settings) {
        Optional<State> recorded = recorded(settings);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        State state = recorded.get();
        boolean alive = ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
        return alive && ClusterClients.answers(state.url()) ? recorded : Optional.empty();
    }

    static Optional<State> recorded(LocalNodeSettings settings) {
        Path file = stateFile(settings);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
            return Optional.of(new State(Long.parseLong(properties.getProperty("pid")),
                    URI.create(properties.getProperty("url")), Path.of(properties.getProperty("run_dir"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops the recorded node and removes its run folder; false when there was none. */
    public static boolean stop(LocalNodeSettings settings) {
        Optional<State> recorded = recorded(settings);
        if (recorded.isEmpty()) {
            return false;
        }
        State state = recorded.get();
        ProcessHandle.of(state.pid()).ifPresent(LocalNode::stopTree);
        LocalNodeHome.deleteTree(state.runDir());
        try {
            Files.deleteIfExists(stateFile(settings));
        } catch (IOException e) {
            // a state file that points at a dead node is ignored by running()
        }
        return true;
    }
}
