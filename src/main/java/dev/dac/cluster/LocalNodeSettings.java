package dev.dac.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How the local node is built and run. Everything has a default; the environment can change the parts a user may
 * need to: where the artifacts are (DAC_ES_ARTIFACTS), where the assembled home and the nodes' run folders live
 * (DAC_ES_WORK), the heap (DAC_ES_HEAP), a fixed HTTP port (DAC_ES_PORT) and how long to wait for it
 * (DAC_ES_START_TIMEOUT, seconds). {@code homeRoot} holds assembled homes, {@code workRoot} run folders and the
 * record of a detached node; DAC_ES_RUNS moves the latter elsewhere (to keep one checkout's or one test's nodes
 * apart while sharing the assembled home).
 */
public record LocalNodeSettings(
        String version,
        Path artifacts,
        Path homeRoot,
        Path workRoot,
        String heap,
        Integer httpPort,
        Duration startTimeout) {

    public static LocalNodeSettings fromEnvironment(Map<String, String> env) throws ClusterException {
        Properties built = builtWith();
        String version = built.getProperty("es.version");
        String artifacts = env.get("DAC_ES_ARTIFACTS");
        Path artifactsDir = artifacts != null && !artifacts.isBlank() ? Path.of(artifacts) : besideCode().resolve("elasticsearch-artifacts");
        String work = env.get("DAC_ES_WORK");
        Path workRoot = work != null ? Path.of(work)
                : Path.of(System.getProperty("java.io.tmpdir"), "dac-elasticsearch");
        Integer port = null;
        if (env.get("DAC_ES_PORT") != null) {
            try {
                port = Integer.valueOf(env.get("DAC_ES_PORT").strip());
            } catch (NumberFormatException e) {
                throw new ClusterException("DAC_ES_PORT must be a port number, not '" + env.get("DAC_ES_PORT") + "'");
            }
        }
        long timeoutSeconds = 120;
        if (env.get("DAC_ES_START_TIMEOUT") != null) {
            try {
                timeoutSeconds = Long.parseLong(env.get("DAC_ES_START_TIMEOUT").strip());
            } catch (NumberFormatException e) {
                throw new ClusterException("DAC_ES_START_TIMEOUT must be a number of seconds, not '"
                        + env.get("DAC_ES_START_TIMEOUT") + "'");
            }
        }
        String runs = env.get("DAC_ES_RUNS");
        Path runRoot = runs != null && !runs.isBlank() ? Path.of(runs) : workRoot;
        return new LocalNodeSettings(version, artifactsDir.toAbsolutePath(),
                workRoot.toAbsolutePath(), runRoot.toAbsolutePath(), firstOf(env.get("DAC_ES_HEAP"), "512m"), port,
                Duration.ofSeconds(timeoutSeconds));
    }

    /** Assembled homes and run folders both under {@code root}. */
    public LocalNodeSettings withWorkRoot(Path root) {
        return new LocalNodeSettings(version, artifacts, root, root, heap, httpPort, startTimeout);
    }

    public LocalNodeSettings withStartTimeout(Duration timeout) {
        return new LocalNodeSettings(version, artifacts, homeRoot, workRoot, heap, httpPort, timeout);
    }

    public LocalNodeSettings withHttpPort(Integer port) {
        return new LocalNodeSettings(version, artifacts, homeRoot, workRoot, heap, port, startTimeout);
    }

    public LocalNodeSettings withArtifacts(Path dir) {
        return new LocalNodeSettings(version, dir, homeRoot, workRoot, heap, httpPort, startTimeout);
    }

    private static Properties builtWith() {
        Properties properties = new Properties();
        try (InputStream in = LocalNodeSettings.class.getResourceAsStream("local-node.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-node.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** target/ when running from target/classes or target/dac.jar: the build copies the artifacts next to both. */
    private static Path besideCode() {
        try {
            Path code = Path.of(LocalNodeSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("target");
        }
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
