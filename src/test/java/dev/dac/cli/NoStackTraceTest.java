package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.SpecialFiles;
import dev.dac.validate.RuleTexts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command over hostile and broken inputs, run in-process through picocli as {@code dac} runs them: whatever
 * the input, the user gets a message, never a stack trace, and never exit code 3 (a dac bug).
 */
class NoStackTraceTest {

    private static final String NO_KIBANA = "http://127.0.0.1:1";

    @TempDir
    static Path dir;

    /** Each bad input as a file, and as the only file of a folder of its own (for --fixtures and --rules). */
    private static final Map<String, Path> FILES = new LinkedHashMap<>();
    private static final Map<String, Path> FOLDERS = new LinkedHashMap<>();

    @BeforeAll
    static void badInputs() throws Exception {
        String rule = RuleTexts.sample("query");
        String fixture = RuleTexts.read(Path.of("fixtures/aws_iam_long_term_key_first_seen_from_source_ip.toml"));
        input("malformed", path -> Files.writeString(path, "[rule\nname = \"unterminated\n"));
        input("binary", path -> Files.write(path, new byte[] {'[', 'r', ']', '\n', 0, (byte) 0xff, 1, 2, (byte) 0xc3}));
        input("fifo", SpecialFiles::fifo);
        input("dev-zero", SpecialFiles::endlessLink);
        input("wrong-types", path -> Files.writeString(path, RuleTexts.replace(RuleTexts.replace(RuleTexts.replace(rule,
                "risk_score = 21", "risk_score = \"high\""), "[metadata]", "[metadata]\nbogus = [1, \"a\", {x = 1}]"),
                "[rule]", "[rule]\nthreat = \"T1078\"")));
        input("empty", path -> Files.writeString(path, ""));
        input("deep-arrays", path -> Files.writeString(path, "x = " + "[".repeat(50_000) + "]".repeat(50_000) + "\n"));
        input("deep-inline-tables", path -> Files.writeString(path,
                "x = " + "{ a = ".repeat(20_000) + "1" + " }".repeat(20_000) + "\n"));
        input("deep-dotted-header", path -> Files.writeString(path,
                "[" + String.join(".", java.util.Collections.nCopies(20_000, "a")) + "]\nb = 1\n"));
        input("bad-fixture", path -> Files.writeString(path, fixture.replace("[[case.expect.alert]]",
                "[[case.expect.alerts]]").replace("count = 1", "count = -1").replace("at = \"now-2m\"",
                "at = \"yesterday\"").replace("[[case]]\n", "[[case]]\nexecute_att = 5\n")));
        input("fixture-wrong-types", path -> Files.writeString(path,
                "fixture = 3\n[[case]]\nname = 4\nrules = \"x\"\n[[case.event]]\nrepeat = 1e9\n"
                        + "at = 2026-04-10T12:00:00Z\n[[case.expect]]\ncount = 9999999999999999999999\n"));
        FILES.put("missing", dir.resolve("missing/missing.toml"));
        FOLDERS.put("missing", dir.resolve("missing"));
        FILES.put("none", Path.of("rules"));
        FOLDERS.put("none", Path.of("rules"));
    }

    /** The names of the bad inputs; the files are made once the class's folder exists. */
    private static final List<String> INPUTS = List.of("malformed", "binary", "fifo", "dev-zero", "wrong-types",
            "empty", "deep-arrays", "deep-inline-tables", "deep-dotted-header", "bad-fixture", "fixture-wrong-types",
            "missing");

    private interface Writer {
        void write(Path path) throws IOException, InterruptedException;
    }

    private static void input(String name, Writer writer) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path file = folder.resolve(name + ".toml");
        writer.write(file);
        FILES.put(name, file);
        FOLDERS.put(name, folder);
    }

    static Stream<Arguments> invocations() {
        List<Arguments> all = new ArrayList<>();
        String file = "{file}";
        String folder = "{folder}";
        for (String name : INPUTS) {
            for (List<String> args : List.of(
                    List.of("validate", file),
                    List.of("validate", folder),
                    List.of("validate", "--format", "json", file),
                    List.of("validate", "--format", "junit", folder),
                    List.of("validate", "--format", "sarif", file),
                    List.of("test", "--engine", "url", file),
                    List.of("test", "--engine", "url", "--fixtures", folder),
                    List.of("test", "--engine", "url", "--format", "junit", "--fixtures", folder),
                    List.of("test", "--engine", "url", "--format", "json", "--fixtures", folder),
                    List.of("test", "--engine", "url", "--rules", folder),
                    List.of("convert", file),
                    List.of("convert", folder),
                    List.of("plan", "--kibana-url", NO_KIBANA, file),
                    List.of("deploy", "--kibana-url", NO_KIBANA, folder),
                    List.of("kql", "--index", file, "source.ip: *"),
                    List.of("init", file),
                    List.of("init", file + "/sub"))) {
                all.add(Arguments.of(name + ": dac " + String.join(" ", args), name, args));
            }
        }
        for (List<String> args : List.of(
                // a refused connection is retried until the command's deadline: one second is enough here
                List.of("plan", "--kibana-url", NO_KIBANA, "--timeout", "1", "rules"),
                List.of("deploy", "--kibana-url", NO_KIBANA, "--timeout", "1", "rules"),
                List.of("export", "--kibana-url", NO_KIBANA, "--timeout", "1", "--out", "{folder}/exported"),
                List.of("plan", "--kibana-url", "http://[::1", "rules"),
                List.of("kql", "(".repeat(50_000) + "a:1" + ")".repeat(50_000)),
                List.of("kql", "not ".repeat(50_000) + "a:1"),
                List.of("kql", "a:{".repeat(20_000) + "b:1" + "}".repeat(20_000)),
                List.of("kql", "\u0000\u0001\uffff"),
                List.of("kql", ""),
                List.of("es", "status"),
                List.of("es"),
                List.of("test", "--engine", "url", "--format", "sarif"),
                List.of("validate", "--format", "xml", "rules"))) {
            all.add(Arguments.of("dac " + abbreviated(String.join(" ", args)), "none", args));
        }
        return all.stream();
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    // a guard against a hang (a FIFO opened for reading blocks forever), not a measure of speed
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "{0}")
    @MethodSource("invocations")
    void noStackTraceAndNoInternalError(String name, String input, List<String> template) throws Exception {
        List<String> args = template.stream().map(a -> a.replace("{file}", FILES.get(input).toString())
                .replace("{folder}", FOLDERS.get(input).toString())).toList();
        ValidateCommandTest.Run run = ValidateCommandTest.run(args.toArray(String[]::new));

        String output = run.out() + run.err();
        assertThat(run.exit()).as("%s exit code; output:%n%s", name, output).isNotEqualTo(DacCommand.INTERNAL_ERROR);
        assertThat(output).as(name).doesNotContain("\tat ").doesNotContain("Exception in")
                .doesNotContain("java.lang.").doesNotContain("internal error");
        if (!input.equals("none") && List.of("validate", "test", "convert", "plan", "deploy").contains(args.get(0))) {
            assertThat(run.exit()).as("%s fails: %s", name, output).isNotZero();
        }
        if (args.contains("junit") && !run.out().isBlank()) {
            // well-formed, and saying what broke
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        }
        if (args.get(0).equals("test") && (args.contains("junit") || args.contains("json"))) {
            assertThat(run.out()).as("%s writes a report", name).isNotBlank();
        }
    }
}
