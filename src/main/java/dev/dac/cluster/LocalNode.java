package dev.dac.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One Elasticsearch node started from an assembled home as a child process, in a run folder of its own (config,
 * data, logs) that is removed when the node stops. A node started for a test run dies with the JVM that started it,
 * even on SIGKILL (the kernel's parent-death signal); a detached node ({@code dac es start}) outlives it.
 */
public final class LocalNode implements RunningElasticsearch {

    static final String OWNER_FILE = "dac-owner.pid";
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Process process;
    private final Path runDir;
    private final URI url;
    private final ElasticsearchClient client;
    private final String version;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LocalNode(Process process, Path runDir, URI url, ElasticsearchClient client, String version,
            boolean detached) {
        this.process = process;
        this.runDir = runDir;
        this.url = url;
        this.version = version;
        this.client = client;
        if (detached) {
            this.shutdownHook = null;
        } else {
            this.shutdownHook = new Thread(this::stop, "dac-local-node-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Starts a node from {@code home}; {@code detached} nodes are not tied to this JVM's life. */
    static LocalNode start(Path home, LocalNodeSettings settings, boolean detached) throws ClusterException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new ClusterException("no Java found at " + java + " to run Elasticsearch with; run dac on a JDK 17"
                    + " (JAVA_HOME or the java on PATH)");
        }
        if (runningAsRoot() && !Files.isExecutable(SETPRIV)) {
            throw new ClusterException("dac runs as root, and Elasticsearch refuses to; the node is started as nobody"
                    + " through " + SETPRIV + ", which is missing. Install util-linux, or run dac as another user");
        }
        Path runs = settings.workRoot().resolve("runs");
        removeStaleRuns(runs);
        Path runDir;
        try {
            Files.createDirectories(runs);
            LocalNodeHome.makeFolderReachable(runs.getParent());
            LocalNodeHome.makeFolderReachable(runs);
            runDir = Files.createDirectory(runs.resolve("node-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new ClusterException("could not create a run folder for the local node under " + runs + ": "
                    + e.getMessage(), e);
        }
        try {
            prepareRunDir(home, runDir, settings);
        } catch (IOException | ClusterException e) {
            LocalNodeHome.deleteTree(runDir);
            if (e instanceof ClusterException engine) {
                throw engine;
            }
            throw new ClusterException("could not prepare the run folder " + runDir + ": " + e.getMessage(), e);
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command(home, detached))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("logs/console.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            // options meant for other JVMs break the node's own JVM options
            env.remove("JAVA_TOOL_OPTIONS");
            env.remove("_JAVA_OPTIONS");
            env.remove("JDK_JAVA_OPTIONS");
            env.remove("ES_JAVA_OPTS");
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.put("ES_PATH_CONF", runDir.resolve("config").toString());
            env.put("ES_TMPDIR", runDir.resolve("tmp").toString());
            // the launcher JVM writes a temporary folder of its own (final-flags*, with a gc.log) on every start;
            // keep it in the run folder, which is removed with the node, instead of leaving one in /tmp each time
            env.put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + runDir.resolve("tmp"));
            env.put("HOME", runDir.toString());
            env.put("ES_JAVA_OPTS", "-Xms" + settings.heap() + " -Xmx" + settings.heap());
            process = builder.start();
            Files.writeString(runDir.resolve(OWNER_FILE), String.valueOf(detached ? process.pid()
                    : ProcessHandle.current().pid()));
        } catch (IOException e) {
            LocalNodeHome.deleteTree(runDir);
            throw new ClusterException("could not start the local Elasticsearch (" + e.getMessage() + ")", e);
        }
        try {
            int port = awaitHttpPort(process, runDir, settings.startTimeout());
            URI url = URI.create("http://127.0.0.1:" + port);
            ElasticsearchClient client = ClusterClients.create(url, ClusterClients.Credentials.NONE, null);
            try {
                awaitGreen(process, runDir, client, settings.startTimeout());
            } catch (ClusterException e) {
                ClusterClients.close(client);
                throw e;
            }
            return new LocalNode(process, runDir, url, client, settings.version(), detached);
        } catch (ClusterException e) {
            kill(process);
            LocalNodeHome.deleteTree(runDir);
            throw e;
        }
    }

    private static void prepareRunDir(Path home, Path runDir, LocalNodeSettings settings)
            throws IOException, ClusterException {
        Path config = Files.createDirectories(runDir.resolve("config"));
        try (Stream<Path> files = Files.walk(home.resolve("config"))) {
            for (Path source : files.toList()) {
                Path target = config.resolve(home.resolve("config").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.createDirectories(runDir.resolve("data"));
        Files.createDirectories(runDir.resolve("logs"));
        Files.createDirectories(runDir.resolve("tmp"));
        String httpPort = "9250-9399";
        if (settings.httpPort() != null) {
            ensurePortFree(settings.httpPort());
            httpPort = String.valueOf(settings.httpPort());
        }
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "cluster.name: dac-local",
                "node.name: dac-local-node",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: 9400-9549",
                "node.portsfile: true",
                "path.data: " + runDir.resolve("data"),
                "path.logs: " + runDir.resolve("logs"),
                "xpack.security.enabled: false",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
                ""), StandardCharsets.UTF_8);
        if (runningAsRoot()) {
            // Elasticsearch refuses to run as root; the node runs as nobody, which must own its run folder
            try (Stream<Path> paths = Files.walk(runDir)) {
                for (Path path : paths.toList()) {
                    Files.setAttribute(path, "unix:uid", NodeUser.NOBODY);
                    Files.setAttribute(path, "unix:gid", NodeUser.NOBODY);
                }
            }
        }
    }

    /** 127.0.0.1, where the node listens (network.host), built from its bytes: no name is looked up. */
    private static final java.net.InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e); // four bytes are always an address
        }
    }

    private static void ensurePortFree(int port) throws ClusterException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            throw new ClusterException("port " + port + " (DAC_ES_PORT) is in use by another process; stop it, choose"
                    + " another port, or unset DAC_ES_PORT to let dac pick a free one");
        }
    }

    private static List<String> command(Path home, boolean detached) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.add(SETPRIV.toString());
            if (runningAsRoot()) {
                command.addAll(List.of("--reuid=" + NodeUser.NOBODY, "--regid=" + NodeUser.NOBODY, "--clear-groups"));
            }
            if (!detached) {
                // the node goes down with this JVM, however it ends
                command.addAll(List.of("--pdeathsig", "KILL"));
            }
            command.add("--");
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        return command;
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int awaitHttpPort(Process process, Path runDir, Duration timeout) throws ClusterException {
        Path portsFile = runDir.resolve("logs/http.ports");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw died(process, runDir, "while starting");
            }
            try {
                if (Files.exists(portsFile)) {
                    String first = Files.readAllLines(portsFile).stream().filter(l -> !l.isBlank()).findFirst()
                            .orElse("");
                    if (!first.isEmpty()) {
                        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1).strip());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the file is being written; read it again
            }
            sleep(100);
        }
        throw timedOut(runDir, timeout);
    }

    private static void awaitGreen(Process process, Path runDir, ElasticsearchClient client, Duration timeout)
            throws ClusterException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw died(process, runDir, "while starting");
            }
            try {
                // a wait that times out answers 408 with the health body, which the client reads as the answer
                HealthStatus status = client.cluster().health(h -> h.waitForStatus(HealthStatus.Green)
                        .timeout(t -> t.time("1s"))).status();
                if (status == HealthStatus.Green) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                sleep(200);
            }
        }
        throw timedOut(runDir, timeout);
    }

    private static ClusterException timedOut(Path runDir, Duration timeout) {
        return new ClusterException("the local Elasticsearch did not become ready within " + timeout.toSeconds()
                + " s; the machine may be overloaded (raise DAC_ES_START_TIMEOUT). Last lines of its log:\n"
                + logTail(runDir, 30));
    }

    private static ClusterException died(Process process, Path runDir, String when) {
        return new ClusterException("the local Elasticsearch exited " + when + " (exit code " + exitCode(process)
                + "). Last lines of its log:\n" + logTail(runDir, 40));
    }

    private static String exitCode(Process process) {
        try {
            int code = process.exitValue();
            return code > 128 ? code + ", killed by signal " + (code - 128) : String.valueOf(code);
        } catch (IllegalThreadStateException e) {
            return "unknown";
        }
    }

    static String logTail(Path runDir, int lines) {
        Path console = runDir.resolve("logs/console.log");
        try {
            List<String> all = Files.readAllLines(console, StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "  (no log at " + console + ")";
        }
    }

    /** Run folders whose owning process is gone: left by a JVM that was killed before it could clean up. */
    static void removeStaleRuns(Path runs) {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.toList()) {
                if (ownerPid(dir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                try {
                    LocalNodeHome.deleteTree(dir);
                } catch (UncheckedIOException e) {
                    // a folder still being written by a starting node; the next start will try again
                }
            }
        } catch (IOException e) {
            // nothing to clean is not a reason to fail a start
        }
    }

    private static Optional<Long> ownerPid(Path runDir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(runDir.resolve(OWNER_FILE)).strip()));
        } catch (IOException | NumberFormatException e) {
            // a run folder without an owner file is younger than a few milliseconds, or broken; keep young ones
            try {
                Instant modified = Files.getLastModifiedTime(runDir).toInstant();
                return modified.isAfter(Instant.now().minusSeconds(60)) ? Optional.of(ProcessHandle.current().pid())
                        : Optional.empty();
            } catch (IOException ignored) {
                return Optional.empty();
            }
        }
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public ElasticsearchClient client() {
        return client;
    }

    @Override
    public String version() {
        return version;
    }

    /** The process of the node's launcher; the server runs as its child. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    public Path runDir() {
        return runDir;
    }

    @Override
    public void ensureAlive() throws ClusterException {
        if (closed) {
            throw new ClusterException("the local Elasticsearch at " + url + " has been stopped");
        }
        if (!process.isAlive()) {
            throw died(process, runDir, "unexpectedly while dac was using it");
        }
    }

    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        ClusterClients.close(client);
        kill(process);
        LocalNodeHome.deleteTree(runDir);
    }

    /** Asks the node to stop, waits for it and its children, and forces what is left. */
    static void kill(Process process) {
        stopTree(process.toHandle());
    }

    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle handle : all) {
            while (handle.isAlive() && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // already reported as best we can; nothing else can stop it
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
