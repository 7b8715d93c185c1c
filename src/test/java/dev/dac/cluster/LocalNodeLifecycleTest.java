package dev.dac.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, losing and stopping local nodes: every failure explained, nothing left behind. */
@Tag("elasticsearch")
class LocalNodeLifecycleTest {

    private static LocalNodeSettings settings() throws ClusterException {
        return LocalNodeSettings.fromEnvironment(System.getenv());
    }

    /** The folders Elasticsearch's launcher makes in a JVM's temporary folder (final-flags*), by name. */
    private static Set<String> launcherTempFolders() throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("final-flags"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aNodeKilledMidRunIsReportedAndClosingLeavesNothingBehind() throws Exception {
        Set<String> tempBefore = launcherTempFolders();
        LocalNode node = new LocalNodeProvider(settings()).start();
        Path runDir = node.runDir();
        List<ProcessHandle> tree = new java.util.ArrayList<>(node.processHandle().descendants().toList());
        tree.add(node.processHandle());
        node.ensureAlive();
        assertThat(node.client().cluster().health().status().jsonValue()).isEqualTo("green");

        // kill the server JVM, as the OOM killer or a crash would
        ProcessHandle server = node.processHandle().descendants().filter(p -> p.info().command().orElse("")
                .endsWith("java")).findFirst().orElseThrow();
        server.destroyForcibly();
        node.processHandle().onExit().get(60, TimeUnit.SECONDS);

        ClusterException e = catchThrowableOfType(ClusterException.class, node::ensureAlive);
        assertThat(e.getMessage()).contains("exited unexpectedly while dac was using it").contains("exit code")
                .contains("Last lines of its log");

        node.close();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(runDir).doesNotExist();
        assertThat(launcherTempFolders()).as("the launcher's temporary folders stay in the run folder")
                .isSubsetOf(tempBefore);
        ClusterException afterClose = catchThrowableOfType(ClusterException.class, node::ensureAlive);
        assertThat(afterClose.getMessage()).contains("has been stopped");
    }

    @Test
    void aNodeDiesWithTheJvmThatStartedItAndItsRunFolderIsCleanedNextTime() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NodeHolderMain.class.getName()).redirectErrorStream(true);
        builder.environment().put("DAC_ES_ARTIFACTS", settings().artifacts().toString());
        Process holder = builder.start();
        String ready;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            ready = out.lines().filter(l -> l.startsWith("READY ")).findFirst().orElse("");
            assertThat(ready).as("the child JVM started a node").startsWith("READY ");
            String[] parts = ready.split(" ", 3);
            ProcessHandle nodeProcess = ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow();
            List<ProcessHandle> tree = new java.util.ArrayList<>(nodeProcess.descendants().toList());
            tree.add(nodeProcess);
            Path runDir = Path.of(parts[2]);
            assertThat(runDir).isDirectory();

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            holder.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle process : tree) {
                process.onExit().get(60, TimeUnit.SECONDS);
            }
            assertThat(tree).noneMatch(ProcessHandle::isAlive);

            LocalNode.removeStaleRuns(runDir.getParent());
            assertThat(runDir).doesNotExist();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aNodeThatCrashesWhileStartingShowsItsLog() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DAC_ES_HEAP", "lots");
        LocalNodeSettings broken = LocalNodeSettings.fromEnvironment(env)
                .withArtifacts(settings().artifacts());
        Path runs = broken.workRoot().resolve("runs");
        long before = countRunDirs(runs);

        ClusterException e = catchThrowableOfType(ClusterException.class, () -> new LocalNodeProvider(broken).start());

        assertThat(e.getMessage()).contains("exited while starting").contains("Last lines of its log")
                .containsIgnoringCase("heap");
        assertThat(countRunDirs(runs)).isEqualTo(before);
    }

    @Test
    void aStartThatTakesTooLongIsStoppedAndExplained() throws Exception {
        LocalNodeSettings impatient = settings().withStartTimeout(Duration.ofMillis(500));
        java.util.Set<Long> before = descendantPids();

        ClusterException e = catchThrowableOfType(ClusterException.class, () -> new LocalNodeProvider(impatient).start());

        assertThat(e.getMessage()).contains("did not become ready within 0 s").contains("DAC_ES_START_TIMEOUT");
        java.util.Set<Long> after = descendantPids();
        after.removeAll(before);
        assertThat(after).as("processes of the node that timed out").isEmpty();
    }

    @Test
    void aFixedPortInUseIsExplainedBeforeStarting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LocalNodeSettings fixed = settings().withHttpPort(taken.getLocalPort());
            ClusterException e = catchThrowableOfType(ClusterException.class, () -> new LocalNodeProvider(fixed).start());
            assertThat(e.getMessage()).contains("port " + taken.getLocalPort()).contains("is in use")
                    .contains("unset DAC_ES_PORT");
        }
    }

    @Test
    void aWorkFolderTheNodeUserCannotEnterIsExplainedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // what mktemp -d makes: only its owner may enter
        Path closed = Files.createDirectory(dir.resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path work = closed.resolve("work");
        int owner = (Integer) Files.getAttribute(closed, "unix:uid");
        int group = (Integer) Files.getAttribute(closed, "unix:gid");

        assertThat(NodeUser.unreachable(work, NodeUser.NOBODY, NodeUser.NOBODY)).contains(closed);
        assertThat(NodeUser.unreachable(work, owner, group)).isEmpty();
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx-----x"));
        assertThat(NodeUser.unreachable(work, NodeUser.NOBODY, NodeUser.NOBODY)).isEmpty();
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));

        // dac as root (as in CI) runs the node as nobody: the start stops before assembling or starting anything
        if (LocalNode.runningAsRoot()) {
            LocalNodeSettings inside = settings().withWorkRoot(work);
            ClusterException e = catchThrowableOfType(ClusterException.class,
                    () -> new LocalNodeProvider(inside).start());
            assertThat(e.getMessage()).contains("runs as user nobody")
                    .contains("cannot enter " + closed + " (rwx------, owner ").contains("on the way to its home under "
                    + work).contains("Set DAC_ES_WORK to a folder every user can enter").contains("chmod o+x " + closed);
            assertThat(work).doesNotExist();
        }
    }

    @Test
    void missingArtifactsSayHowToGetThem(@TempDir Path empty) throws Exception {
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-xr-x")); // the node's user may enter
        LocalNodeSettings offline = settings().withArtifacts(empty).withWorkRoot(empty.resolve("work"));

        ClusterException e = catchThrowableOfType(ClusterException.class, () -> new LocalNodeProvider(offline).start());

        assertThat(e.getMessage()).contains("artifacts are not in " + empty).contains("elasticsearch-")
                .contains("Maven Central").contains("DAC_ES_ARTIFACTS");
        assertThat(empty.resolve("work")).doesNotExist();
    }

    @Test
    void artifactsWithoutTheModuleFoldersThePomLaysOutAreNamed(@TempDir Path artifacts) throws Exception {
        Files.setPosixFilePermissions(artifacts, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalNodeSettings real = settings();
        String zip = "elasticsearch-" + real.version() + ".zip";
        Files.createSymbolicLink(artifacts.resolve(zip), real.artifacts().resolve(zip));
        LocalNodeSettings incomplete = real.withArtifacts(artifacts).withWorkRoot(artifacts.resolve("work"));

        ClusterException none = catchThrowableOfType(ClusterException.class,
                () -> new LocalNodeProvider(incomplete).start());
        assertThat(none.getMessage()).contains("missing the module folders in modules/").contains("DAC_ES_ARTIFACTS");

        // a module folder without the jar its plugin descriptor comes from
        Path kql = Files.createDirectories(artifacts.resolve("modules/x-pack-kql"));
        Files.createSymbolicLink(kql.resolve("antlr4-runtime-4.13.1.jar"),
                real.artifacts().resolve("modules/x-pack-kql/antlr4-runtime-4.13.1.jar"));
        ClusterException partial = catchThrowableOfType(ClusterException.class,
                () -> new LocalNodeProvider(incomplete).start());
        assertThat(partial.getMessage()).contains("missing modules/x-pack-kql/x-pack-kql-" + real.version() + ".jar");
        assertThat(artifacts.resolve("work")).doesNotExist();
    }

    @Test
    void badSettingsAreNamed() {
        Map<String, String> env = new HashMap<>();
        env.put("DAC_ES_PORT", "ninety");
        assertThat(catchThrowableOfType(ClusterException.class, () -> LocalNodeSettings.fromEnvironment(env))
                .getMessage()).contains("DAC_ES_PORT must be a port number");
        env.clear();
        env.put("DAC_ES_START_TIMEOUT", "soon");
        assertThat(catchThrowableOfType(ClusterException.class, () -> LocalNodeSettings.fromEnvironment(env))
                .getMessage()).contains("DAC_ES_START_TIMEOUT must be a number of seconds");
    }

    private static long countRunDirs(Path runs) throws Exception {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (var list = Files.list(runs)) {
            return list.count();
        }
    }

    private static java.util.Set<Long> descendantPids() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
}
