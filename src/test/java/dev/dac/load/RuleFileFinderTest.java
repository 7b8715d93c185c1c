package dev.dac.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileFinderTest {

    @TempDir
    Path dir;

    @Test
    void findsTomlFilesSortedOnceEachAndSkipsHiddenFolders() throws Exception {
        Files.createDirectories(dir.resolve("b/c"));
        Files.createDirectories(dir.resolve(".git"));
        Path one = Files.writeString(dir.resolve("b/c/one.toml"), "");
        Path two = Files.writeString(dir.resolve("a.toml"), "");
        Files.writeString(dir.resolve("b/readme.md"), "");
        Files.writeString(dir.resolve(".git/hidden.toml"), "");

        RuleFileFinder.Found found = new RuleFileFinder().find(List.of(dir, two));

        assertThat(found.files()).containsExactly(two, one);
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void symlinkLoopsAndBrokenLinksAreReportedNotFollowedForever() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/r.toml"), "");
        Files.createSymbolicLink(dir.resolve("rules/loop"), dir.resolve("rules"));
        Files.createSymbolicLink(dir.resolve("rules/gone.toml"), dir.resolve("nowhere.toml"));

        RuleFileFinder.Found found = new RuleFileFinder().find(List.of(dir.resolve("rules")));

        assertThat(found.files()).containsExactly(dir.resolve("rules/r.toml"));
        assertThat(found.problems()).extracting(LoadProblem::message)
                .anySatisfy(m -> assertThat(m).contains("symbolic link back into a folder"))
                .anySatisfy(m -> assertThat(m).contains("broken symbolic link"));
    }

    @Test
    void missingRootIsAProblem() {
        RuleFileFinder.Found found = new RuleFileFinder().find(List.of(dir.resolve("absent")));
        assertThat(found.files()).isEmpty();
        assertThat(found.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.UNREADABLE);
            assertThat(p.message()).isEqualTo("does not exist");
        });
    }

    @Test
    void namedPipesAndDevicesAreProblemsWhetherNamedOrFoundInAFolder() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Path good = Files.writeString(dir.resolve("rules/good.toml"), "");
        Path fifo = SpecialFiles.fifo(dir.resolve("rules/pipe.toml"));
        Path zero = SpecialFiles.endlessLink(dir.resolve("rules/zero.toml"));
        Path namedZero = SpecialFiles.endlessLink(dir.resolve("named.toml"));

        RuleFileFinder.Found found = new RuleFileFinder().find(List.of(dir.resolve("rules"), namedZero));

        assertThat(found.files()).containsExactly(good);
        assertThat(found.problems()).extracting(LoadProblem::path).containsExactlyInAnyOrder(fifo, zero, namedZero);
        assertThat(found.problems()).allSatisfy(p -> assertThat(p.message()).contains("is not a regular file"));
    }
}
