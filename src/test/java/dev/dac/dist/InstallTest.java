package dev.dac.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.report.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make install PREFIX=...}: the launcher it puts in PREFIX/bin runs the installed jar. */
class InstallTest {

    @TempDir
    Path scratch;

    @Test
    void makeInstallRunsTheInstallScriptWithThePrefixGiven() throws Exception {
        Installation.Run dryRun = Installation.bash(Installation.ROOT, Map.of(),
                "make -n install PREFIX=/opt/some-prefix");
        assertThat(dryRun.exit()).as(dryRun.out()).isZero();
        assertThat(dryRun.out()).contains("dist/install.sh target/dac.jar target/elasticsearch-artifacts target/NOTICE"
                + " \"/opt/some-prefix\"");
    }

    @Test
    void theInstalledLauncherRunsDacFromAnywhereAndThroughALink() throws Exception {
        Path prefix = scratch.resolve("prefix");
        Installation.Run install = install(prefix);
        assertThat(install.exit()).as(install.out()).isZero();
        assertThat(install.out()).contains("installed dac in " + prefix.resolve("bin/dac"))
                .contains(prefix.resolve("bin") + " is not on your PATH");
        assertThat(prefix.resolve("lib/dac/elasticsearch-artifacts")).isDirectory();
        assertThat(prefix.resolve("lib/dac/NOTICE")).isRegularFile();

        Path elsewhere = Files.createDirectories(scratch.resolve("elsewhere"));
        Map<String, String> path = Map.of("PATH", prefix.resolve("bin") + ":/usr/bin:/bin");
        Installation.Run version = Installation.bash(elsewhere, path, "dac --version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out().strip()).isEqualTo("dac " + Version.current());

        Files.createSymbolicLink(elsewhere.resolve("dac"), prefix.resolve("bin/dac"));
        Installation.Run linked = Installation.bash(elsewhere, Map.of(), "./dac --version");
        assertThat(linked.out().strip()).isEqualTo("dac " + Version.current());
    }

    @Test
    void aReinstallReplacesTheOldOneAndAFailedOneLeavesItWhole() throws Exception {
        Path prefix = scratch.resolve("prefix");
        assertThat(install(prefix).exit()).isZero();
        assertThat(install(prefix).exit()).isZero();
        assertThat(prefix.resolve("lib").toFile().list()).containsExactly("dac");

        Installation.Run broken = Installation.bash(Installation.ROOT, Map.of(), String.join(" ", "dist/install.sh",
                scratch.resolve("no-such.jar").toString(), Installation.ARTIFACTS.toString(),
                Installation.notice(scratch).toString(), prefix.toString()));
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("no-such.jar is missing; run 'make build' first");
        Installation.Run version = Installation.bash(scratch, Map.of(), prefix.resolve("bin/dac") + " --version");
        assertThat(version.out().strip()).isEqualTo("dac " + Version.current());
    }

    private Installation.Run install(Path prefix) throws Exception {
        return Installation.bash(Installation.ROOT, Map.of("PATH", "/usr/bin:/bin"), String.join(" ", "dist/install.sh",
                Installation.jar(scratch).toString(), Installation.ARTIFACTS.toString(),
                Installation.notice(scratch).toString(), prefix.toString()));
    }
}
