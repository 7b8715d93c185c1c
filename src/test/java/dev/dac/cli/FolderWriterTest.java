package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder gets all of its files or none, only inside it, and a failure leaves it as it was. */
class FolderWriterTest {

    @TempDir
    Path parent;

    /** Writes {@code files} files, then fails as the system would with {@code reason}. */
    static FolderWriter.FileWrite failingAfter(int files, String reason) {
        AtomicInteger written = new AtomicInteger();
        return (file, content) -> {
            if (written.getAndIncrement() >= files) {
                throw new IOException(reason);
            }
            Files.writeString(file, content);
        };
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (var files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(folder.relativize(file).toString(), Files.readString(file));
            }
        }
        return contents;
    }

    @Test
    void aNewFolderAppearsWithAllItsFiles() throws Exception {
        Path out = parent.resolve("a/b/out");
        new FolderWriter().write(out, Map.of("x.toml", "x", "sub/y.toml", "y"), false);
        assertThat(contents(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of("sub/y.toml", "y", "x.toml", "x")));
        assertThat(parent.toFile().list()).containsExactly("a");
        assertThat(parent.resolve("a/b").toFile().list()).containsExactly("out");
    }

    @Test
    void aFailedWriteIntoANewFolderLeavesNothingNotEvenItsParents() {
        Path out = parent.resolve("a/b/out");
        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter(failingAfter(1, "No space left on device"))
                .write(out, Map.of("x.toml", "x", "y.toml", "y"), false), WriteFailure.class);
        assertThat(failure.getMessage()).contains("No space left on device").contains("Free some disk space");
        assertThat(parent.toFile().list()).isEmpty();
    }

    @Test
    void aFailedReplaceLeavesTheFolderAsItWas() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(out.resolve("a.toml"), "old a");
        Files.writeString(out.resolve("keep.toml"), "kept");
        // a folder where a file is to go: found only while moving into place, after a.toml was replaced
        Files.createDirectories(out.resolve("b.toml"));
        Map<String, String> before = contents(out);

        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter().write(out,
                Map.of("a.toml", "new a", "b.toml", "new b", "c.toml", "new c"), true), WriteFailure.class);

        assertThat(failure.getMessage()).contains(out.resolve("b.toml").toString()).contains("not a regular file");
        assertThat(contents(out)).isEqualTo(before);
        assertThat(out.resolve("c.toml")).doesNotExist();
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void filesGoIntoAnExistingSubFolderBesideItsOtherFiles() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out/exceptions")).getParent();
        Files.writeString(out.resolve("exceptions/mine.toml"), "mine");
        Files.writeString(out.resolve("exceptions/l.toml"), "old l");

        new FolderWriter().write(out, Map.of("a.toml", "a", "exceptions/l.toml", "new l", "exceptions/n.toml", "n"),
                true);

        assertThat(contents(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a.toml", "a", "exceptions/l.toml",
                "new l", "exceptions/mine.toml", "mine", "exceptions/n.toml", "n")));
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void aFailedReplaceInsideASubFolderLeavesBothLevelsAsTheyWere() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out/exceptions")).getParent();
        Files.writeString(out.resolve("a.toml"), "old a");
        Files.writeString(out.resolve("exceptions/l.toml"), "old l");
        Files.createDirectories(out.resolve("exceptions/m.toml")); // found only after a.toml and l.toml were replaced
        Map<String, String> before = contents(out);

        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter().write(out, Map.of("a.toml", "new a",
                "exceptions/l.toml", "new l", "exceptions/m.toml", "new m", "z.toml", "new z"), true),
                WriteFailure.class);

        assertThat(failure.getMessage()).contains(out.resolve("exceptions/m.toml").toString())
                .contains("not a regular file");
        assertThat(contents(out)).isEqualTo(before);
        assertThat(out.resolve("z.toml")).doesNotExist();
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void aFileWhereASubFolderGoesIsNotReplacedEvenWhenAsked() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(out.resolve("exceptions"), "a file");

        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter().write(out, Map.of("a.toml", "a",
                "exceptions/l.toml", "l"), true), WriteFailure.class);

        assertThat(failure.getMessage()).contains(out.resolve("exceptions") + " is not a folder")
                .contains("move " + out.resolve("exceptions") + " away");
        assertThat(contents(out)).containsExactlyEntriesOf(Map.of("exceptions", "a file"));
    }

    @Test
    void aFailingWriteIntoAnExistingFolderTouchesNothing() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(out.resolve("a.toml"), "old a");
        catchThrowableOfType(() -> new FolderWriter(failingAfter(1, "Disk quota exceeded"))
                .write(out, Map.of("a.toml", "new a", "b.toml", "new b"), true), WriteFailure.class);
        assertThat(contents(out)).containsExactlyEntriesOf(Map.of("a.toml", "old a"));
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void anExistingFileIsNeverReplacedUnlessAsked() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(out.resolve("a.toml"), "old a");
        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter()
                .write(out, Map.of("a.toml", "new a", "b.toml", "new b"), false), WriteFailure.class);
        assertThat(failure.getMessage()).contains(out.resolve("a.toml") + " already exists");
        assertThat(contents(out)).containsExactlyEntriesOf(Map.of("a.toml", "old a"));
    }

    @Test
    void namesThatLeaveTheFolderAreRefusedBeforeAnythingIsWritten() {
        Path out = parent.resolve("out");
        for (String name : new String[] {"../escaped.toml", "/tmp/escaped.toml", "a/../../escaped.toml", "", ".",
            "nul\u0000.toml"}) {
            WriteFailure failure = catchThrowableOfType(() -> new FolderWriter()
                    .write(out, Map.of("fine.toml", "x", name, "y"), false), WriteFailure.class);
            assertThat(failure).as(name).isNotNull();
            assertThat(failure.getMessage()).as(name).contains("refusing to write it");
        }
        assertThat(parent.toFile().list()).isEmpty();
    }

    @Test
    void aFileWhereTheFolderShouldBeIsLeftAlone() throws Exception {
        Path out = Files.writeString(parent.resolve("out"), "a file");
        WriteFailure failure = catchThrowableOfType(() -> new FolderWriter().write(out, Map.of("a.toml", "a"), true),
                WriteFailure.class);
        assertThat(failure.getMessage()).contains(out + " cannot be written (is a file, not a folder)")
                .contains("Nothing was written");
        assertThat(Files.readString(out)).isEqualTo("a file");
        assertThat(parent.toFile().list()).containsExactly("out");
    }
}
