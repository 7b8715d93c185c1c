package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A fresh repository from {@code dac init} validates and tests cleanly, at once. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class InitCommandTest {

    @TempDir
    Path parent;

    @Test
    void initThenValidateAndTestPass(RunningElasticsearch es) {
        Path repo = parent.resolve("my-rules");
        ValidateCommandTest.Run init = ValidateCommandTest.run("init", repo.toString());
        assertThat(init.exit()).isZero();
        assertThat(repo.resolve("rules/aws_root_user_console_login.toml")).exists();
        assertThat(repo.resolve("fixtures/aws_root_user_console_login.toml")).exists();
        assertThat(repo.resolve(".github/workflows/detection-rules.yml")).exists();

        ValidateCommandTest.Run validate = ValidateCommandTest.run("validate", repo.resolve("rules").toString());
        assertThat(validate.exit()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("1 file checked: 0 errors, 0 warnings");

        ValidateCommandTest.Run test = ValidateCommandTest.run(ValidateCommandTest.environmentWith("ES_URL",
                es.url().toString()), "test", "--rules", repo.resolve("rules").toString(),
                "--fixtures", repo.resolve("fixtures").toString());
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
        int cases = dev.dac.harness.RuleTestRun.load(List.of(repo.resolve("rules")),
                List.of(repo.resolve("fixtures"))).cases().size();
        assertThat(cases).as("the new repository's cases").isPositive();
        assertThat(test.out()).contains(cases + " cases: " + cases + " passed, 0 failed");
    }

    @Test
    void anExistingFolderIsNeverOverwritten() throws Exception {
        Path repo = Files.createDirectories(parent.resolve("taken"));
        Files.writeString(repo.resolve("keep.txt"), "mine");
        ValidateCommandTest.Run init = ValidateCommandTest.run("init", repo.toString());
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err()).contains("exists and is not an empty folder");
        assertThat(Files.readString(repo.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(repo.resolve("rules")).doesNotExist();
    }

    @Test
    void aPathUnderARegularFileIsExplainedAndNothingIsLeft() throws Exception {
        Path file = Files.writeString(parent.resolve("plain.txt"), "a file");
        ValidateCommandTest.Run init = ValidateCommandTest.run("init", file.resolve("repo").toString());
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err()).contains("cannot write " + file.resolve("repo")).contains(file.toString())
                .contains("Nothing was written").contains("parent folders are folders")
                .doesNotContain("internal error");
        assertThat(parent.toFile().list()).containsExactly("plain.txt");
    }

    /** Root writes through permission bits, but not into /proc or /sys. */
    @Test
    void placesNobodyCanWriteAreExplained() {
        for (String place : new String[] {"/proc/dac-init-test/repo", "/sys/dac-init-test"}) {
            ValidateCommandTest.Run init = ValidateCommandTest.run("init", place);
            assertThat(init.exit()).as(place).isEqualTo(1);
            assertThat(init.err()).as(place).startsWith("dac init: cannot write " + place)
                    .contains("Nothing was written").contains("Choose a folder").doesNotContain("internal error");
            assertThat(Path.of(place)).doesNotExist();
        }
    }

    @Test
    void aWriteFailingHalfwayLeavesNoHalfRepository() throws Exception {
        Path repo = parent.resolve("my-rules");
        Path empty = Files.createDirectories(parent.resolve("empty"));
        for (Path target : new Path[] {repo, empty}) {
            InitCommand command = new InitCommand();
            command.writer = new FolderWriter(FolderWriterTest.failingAfter(1, "No space left on device"));
            java.io.StringWriter err = new java.io.StringWriter();
            int exit = new picocli.CommandLine(command).setErr(new java.io.PrintWriter(err)).execute(target.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("cannot write " + target).contains("No space left on device")
                    .contains("Nothing was written").contains("Free some disk space");
        }
        assertThat(parent.toFile().list()).containsExactly("empty");
        assertThat(empty.toFile().list()).isEmpty();
    }
}
