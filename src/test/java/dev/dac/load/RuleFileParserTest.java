package dev.dac.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleFileParserTest {

    @TempDir
    Path dir;

    private final RuleFileParser parser = new RuleFileParser();

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("value missing", "[rule]\nname = \"x\"\nrisk_score =\n", 3, "a value is missing after '='"),
                Arguments.of("duplicate key", "[rule]\nname = \"x\"\ntype = \"query\"\nname = \"y\"\n", 4,
                        "key 'rule.name' is defined twice (first on line 2)"),
                Arguments.of("unclosed multi-line string", "[rule]\nname = \"\"\"abc\n\nmore\n", 5,
                        "never closed"),
                Arguments.of("unclosed table header", "[metadata]\nx = 1\n[rule\nname = \"x\"\n", 3, "malformed TOML"),
                Arguments.of("unquoted string", "[rule]\nseverity = high\n", 2, "malformed TOML"),
                Arguments.of("arrays nested too deeply", "[rule]\nx = " + "[".repeat(600) + "]".repeat(600) + "\n", 0,
                        "nested more than 500 deep"),
                Arguments.of("duplicate table", "[rule]\nname = \"x\"\n[rule]\ntype = \"query\"\n", 3,
                        "malformed TOML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTomlNamesTheLine(String name, String text, int line, String messagePart) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.toml"), text);

        RuleLoadException e = catchThrowableOfType(RuleLoadException.class, () -> parser.parse(file));

        assertThat(e).as(name).isNotNull();
        assertThat(e.problem().kind()).isEqualTo(LoadProblem.Kind.MALFORMED_TOML);
        assertThat(e.problem().line()).isEqualTo(line);
        assertThat(e.problem().message()).contains(messagePart);
        assertThat(e.problem().path()).isEqualTo(file);
    }

    @Test
    void binaryAndNonUtf8FilesAreNotText() throws Exception {
        Path binary = Files.write(dir.resolve("a.toml"), new byte[] {'[', 'r', ']', '\n', 0, 1, 2});
        Path latin1 = Files.write(dir.resolve("b.toml"), "name = \"caf\u00e9\"".getBytes("ISO-8859-1"));

        assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(binary)).problem())
                .satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(LoadProblem.Kind.NOT_TEXT);
                    assertThat(p.message()).contains("NUL byte");
                    assertThat(p.line()).isEqualTo(2);
                });
        assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(latin1)).problem().message())
                .contains("not UTF-8");
    }

    @Test
    void oversizedFilesAreRefusedWithoutReadingThem() throws Exception {
        Path big = dir.resolve("big.toml");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = "# padding padding padding padding padding padding padding padding\n".repeat(1000).getBytes();
            for (long written = 0; written <= RuleFileParser.MAX_FILE_BYTES; written += chunk.length) {
                out.write(chunk);
            }
        }
        assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(big)).problem().message())
                .contains("a rule or fixture file must be under");
    }

    @Test
    void missingFilesAndFoldersAreUnreadable() {
        assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(dir.resolve("none.toml")))
                .problem()).satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(LoadProblem.Kind.UNREADABLE);
                    assertThat(p.message()).isEqualTo("does not exist");
                });
        assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(dir)).problem().message())
                .contains("is a directory");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("bom.toml"), "\uFEFF[rule]\nname = \"x\"\n");
        assertThat(parser.parse(file).document().path("rule").path("name").asString()).isEqualTo("x");
    }

    @Test
    void emptyFileHasNoTables() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.toml"), "");
        ParsedRuleFile parsed = parser.parse(file);
        assertThat(parsed.document().isObject()).isTrue();
        assertThat(parsed.document().size()).isZero();
    }

    @Test
    void namedPipesAndDevicesAreRefusedWithoutOpeningThem() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pipe.toml"));
        Path zero = SpecialFiles.endlessLink(dir.resolve("zero.toml"));

        for (Path special : List.of(fifo, zero)) {
            assertThat(catchThrowableOfType(RuleLoadException.class, () -> parser.parse(special)).problem())
                    .satisfies(p -> {
                        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.UNREADABLE);
                        assertThat(p.path()).isEqualTo(special);
                        assertThat(p.message()).contains("is not a regular file");
                    });
        }
    }
}
