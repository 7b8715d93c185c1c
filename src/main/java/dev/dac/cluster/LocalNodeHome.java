package dev.dac.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Assembles an Elasticsearch home that runs ES|QL and KQL from Maven Central artifacts alone: the minimal
 * integ-test distribution plus three module folders built from the published plugin jars. Done once per version;
 * later starts reuse the home. Several JVMs may race to build it, so building happens under a file lock into a
 * temporary folder that is renamed into place when complete.
 */
final class LocalNodeHome {

    private static final String COMPLETE_MARKER = ".dac-assembled";

    private final LocalNodeSettings settings;

    LocalNodeHome(LocalNodeSettings settings) {
        this.settings = settings;
    }

    /** The assembled home, building it first if needed. */
    Path ensureAssembled() throws ClusterException {
        Path home = settings.homeRoot().resolve("home-" + settings.version());
        if (Files.exists(home.resolve(COMPLETE_MARKER))) {
            return home;
        }
        String missing = missingArtifacts();
        if (missing != null) {
            throw new ClusterException("the Elasticsearch " + settings.version() + " artifacts are not in "
                    + settings.artifacts() + " (missing " + missing + "). Build dac once with"
                    + " access to Maven Central (make build, or mvn -DskipTests package); after that the node starts"
                    + " offline. Or point DAC_ES_ARTIFACTS at a folder that has them.");
        }
        try {
            Files.createDirectories(settings.homeRoot());
            makeFolderReachable(settings.homeRoot());
            try (FileChannel lockFile = FileChannel.open(settings.homeRoot().resolve(".assemble.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (Files.exists(home.resolve(COMPLETE_MARKER))) {
                    return home; // another process built it while we waited
                }
                Path staging = settings.homeRoot().resolve("home-" + settings.version() + ".assembling");
                deleteTree(staging);
                deleteTree(home);
                try {
                    assemble(staging);
                } catch (IOException | ClusterException | RuntimeException e) {
                    deleteTree(staging); // never leave half a home behind
                    throw e;
                }
                Files.writeString(staging.resolve(COMPLETE_MARKER), settings.version() + "\n");
                try {
                    Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staging, home);
                }
                return home;
            }
        } catch (IOException e) {
            throw new ClusterException("could not assemble the local Elasticsearch in " + home + ": " + e.getMessage()
                    + "; check free disk space and that " + settings.homeRoot() + " is writable", e);
        }
    }

    /** What the build did not leave in the artifacts folder, or null when the distribution and modules are there. */
    private String missingArtifacts() {
        if (!Files.isRegularFile(distributionZip())) {
            return distributionZip().getFileName().toString();
        }
        List<Module> modules;
        try {
            modules = modules();
        } catch (IOException e) {
            return "modules/ (" + e.getMessage() + ")";
        }
        if (modules.isEmpty()) {
            return "the module folders in modules/";
        }
        for (Module module : modules) {
            if (!module.jars().contains(module.descriptorJar())) {
                return "modules/" + module.name() + "/" + module.descriptorJar().getFileName();
            }
        }
        return null;
    }

    private Path distributionZip() {
        return settings.artifacts().resolve("elasticsearch-" + settings.version() + ".zip");
    }

    /** A module folder: its name, the artifact jars it holds, and the jar with its plugin descriptor. */
    private record Module(String name, List<Path> jars, Path descriptorJar) {
        /** ES|QL extends painless and ML, which are not published; it works without them. */
        boolean dropUnpublishedExtensions() {
            return name.equals("x-pack-esql");
        }
    }

    /**
     * The module folders as the build laid them out (pom.xml, maven-dependency-plugin: artifacts/modules/NAME/*.jar),
     * which is the one list of what the home is assembled from.
     */
    private List<Module> modules() throws IOException {
        Path root = settings.artifacts().resolve("modules");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Module> modules = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                List<Path> jars;
                try (Stream<Path> files = Files.list(folder)) {
                    jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                }
                String name = folder.getFileName().toString();
                modules.add(new Module(name, jars, folder.resolve(name + "-" + settings.version() + ".jar")));
            }
        }
        return modules;
    }

    private void assemble(Path staging) throws IOException, ClusterException {
        unzipDistribution(staging);
        Path modulesDir = staging.resolve("modules");
        for (Module module : modules()) {
            Path dir = Files.createDirectories(modulesDir.resolve(module.name()));
            for (Path jar : module.jars()) {
                Files.copy(jar, dir.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
            String descriptor = readDescriptor(module.descriptorJar(), module.name());
            if (module.dropUnpublishedExtensions()) {
                descriptor = descriptor.replaceAll("(?m)^extended\\.plugins=.*$", "extended.plugins=x-pack-esql-core");
            }
            Files.writeString(dir.resolve("plugin-descriptor.properties"), descriptor);
        }
        Path esql = modulesDir.resolve("x-pack-esql");
        // Arrow reflects on its own classes; under the JDK 17 security manager the module must be granted that
        Files.writeString(esql.resolve("plugin-security.policy"), """
                grant codeBase "${codebase.arrow}" {
                  permission java.lang.RuntimePermission "accessDeclaredMembers";
                  permission java.lang.reflect.ReflectPermission "suppressAccessChecks";
                };
                """);
        compileMachineLearningStandIn(staging, esql);
        makeReachable(staging);
    }

    private void unzipDistribution(Path staging) throws IOException {
        String prefix = "elasticsearch-" + settings.version() + "/";
        try (ZipFile zip = new ZipFile(distributionZip().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length())
                        : entry.getName();
                if (name.isEmpty()) {
                    continue;
                }
                Path target = staging.resolve(name).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("distribution entry escapes the home folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                // zip entries carry no permissions we can read; only the launch scripts need to be executable
                if (name.startsWith("bin/") && !name.endsWith(".bat") && !name.endsWith(".exe")) {
                    target.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static String readDescriptor(Path jar, String plugin) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry("META-INF/es-plugins/" + plugin + "/plugin-descriptor.properties");
            if (entry == null) {
                throw new IOException(jar.getFileName() + " has no plugin descriptor for " + plugin);
            }
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * ES|QL's CATEGORIZE and CHANGE_POINT check a licence through a class of the (unpublished) ML plugin; without it
     * those commands throw NoClassDefFoundError, which Elasticsearch treats as fatal. A one-class stand-in, compiled
     * here against the distribution, turns that into an ordinary licence error.
     */
    private void compileMachineLearningStandIn(Path home, Path esqlModule) throws IOException, ClusterException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new ClusterException("dac is running on a Java runtime without a compiler (" + System.getProperty(
                    "java.home") + "); the local node needs a JDK 17, not a JRE");
        }
        Path work = Files.createTempDirectory("dac-ml-stand-in");
        try {
            Path source = work.resolve("src/org/elasticsearch/xpack/ml/MachineLearning.java");
            Files.createDirectories(source.getParent());
            try (InputStream in = LocalNodeHome.class.getResourceAsStream("MachineLearningStandIn.java.txt")) {
                Files.write(source, in.readAllBytes());
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> classpath = new ArrayList<>();
            classpath.add(home.resolve("modules/x-pack-core/x-pack-core-" + settings.version() + ".jar").toString());
            try (Stream<Path> libs = Files.list(home.resolve("lib"))) {
                libs.filter(p -> p.toString().endsWith(".jar")).forEach(p -> classpath.add(p.toString()));
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int result = compiler.run(null, diagnostics, diagnostics, "--release", "17", "-proc:none", "-nowarn",
                    "-cp", String.join(java.io.File.pathSeparator, classpath), "-d", classes.toString(), source.toString());
            if (result != 0) {
                throw new ClusterException("could not build the ML stand-in for ES|QL: "
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            try (OutputStream out = Files.newOutputStream(esqlModule.resolve("x-pack-ml-stand-in.jar"));
                    JarOutputStream jar = new JarOutputStream(out)) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                        jar.write(Files.readAllBytes(file));
                        jar.closeEntry();
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The node may run as another user (root is refused): let everyone read the home and enter its folders. */
    static void makeReachable(Path root) throws IOException {
        if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                boolean dirOrExec = Files.isDirectory(path) || Files.isExecutable(path);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(dirOrExec ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Lets everyone enter {@code folder} (not what is in it): the node's user must pass through to its files. */
    static void makeFolderReachable(Path folder) throws IOException {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root + ": " + e.getMessage(), e);
        }
    }
}
