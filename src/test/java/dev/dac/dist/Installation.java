package dev.dac.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What the installation tests install: target/dac.jar when {@code mvn package} built it after the classes it holds
 * (make test after make build), else a jar holding only a manifest whose Class-Path is this test run's classpath (the
 * same classes, so the scripts and the launcher are tested without a second 30-second build). The scripts under
 * dist/ are the ones make install and make dist run.
 */
final class Installation {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path ARTIFACTS = ROOT.resolve("target/elasticsearch-artifacts");

    private Installation() {}

    static Path jar(Path scratch) throws IOException {
        Path built = ROOT.resolve("target/dac.jar");
        if (Files.exists(built) && !newerThan(ROOT.resolve("target/classes"), Files.getLastModifiedTime(built))) {
            return built;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.dac.cli.Main");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        Path jar = scratch.resolve("dac.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }

    /** target/NOTICE as make writes it, or (a test run before make install) one saying so. */
    static Path notice(Path scratch) throws IOException {
        Path made = ROOT.resolve("target/NOTICE");
        return Files.exists(made) ? made : Files.writeString(scratch.resolve("NOTICE"), "test build: see make dist\n");
    }

    private static boolean newerThan(Path folder, FileTime time) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(f -> {
                try {
                    return Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(time) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    record Run(int exit, String out) {}

    /** {@code command} run by bash in {@code dir} with {@code env} added; stdout and stderr together. */
    static Run bash(Path dir, Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command)
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("still running after 5 minutes: " + command + "\n" + out);
        }
        return new Run(process.exitValue(), out);
    }
}
