package dev.dac.cli;

import static dev.dac.cli.DeployCommandTest.KEY;
import static dev.dac.cli.DeployCommandTest.dac;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cli.DeployCommandTest.Run;
import dev.dac.deploy.KibanaStandInAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dac export} as a user runs it, against a Kibana stand-in that answers _export with whatever a test gives:
 * files land only inside --out, under distinct names, all of them or none.
 */
class ExportCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RULE_ID = Pattern.compile("(?m)^rule_id = (\".*\")$");

    private KibanaStandInAccess kibana;

    @TempDir
    Path parent;

    @BeforeEach
    void start() throws Exception {
        kibana = KibanaStandInAccess.start(KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    /** A rule as Kibana's _export gives it, one ndjson line. */
    static String rule(String ruleId, String name) {
        return JSON.createObjectNode().put("rule_id", ruleId).put("name", name).put("type", "query")
                .put("language", "kuery").put("query", "event.action: \"x\"").put("description", "d")
                .put("risk_score", 21).put("severity", "low").put("created_at", "2026-01-02T03:04:05Z")
                .put("updated_at", "2026-01-02T03:04:05Z").toString();
    }

    private Run export(String ndjson, Path out, String... more) throws Exception {
        kibana.answerExportWith(ndjson);
        List<String> args = new java.util.ArrayList<>(List.of("export", "--out", out.toString()));
        args.addAll(List.of(more));
        return dac(Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY), args.toArray(String[]::new));
    }

    /** Each file in {@code folder} by name, with the rule_id it holds. */
    private static Map<String, String> ruleIdsByFile(Path folder) throws IOException {
        Map<String, String> ids = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Matcher m = RULE_ID.matcher(Files.readString(file));
                ids.put(file.getFileName().toString(), m.find() ? JSON.readValue(m.group(1), String.class) : null);
            }
        }
        return ids;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void ruleIdsThatArePathsStayInsideOut() throws Exception {
        Path out = parent.resolve("a/out");
        Files.createDirectories(parent.resolve("x")); // where "/../../x/pwned" lands beside --out
        List<String> hostile = List.of("/../../x/pwned", "../../../pwned", "a/../../pwned", "..", ".hidden",
                "nul\u0000byte", "C:\\windows\\pwned", "x".repeat(600));
        String ndjson = hostile.stream().map(id -> rule(id, "/// ...")).collect(Collectors.joining("\n")) + "\n"
                + rule("long-name", "n".repeat(5000)) + "\n";

        Run run = export(ndjson, out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(filesUnder(parent)).allSatisfy(file -> assertThat(file).startsWith(out));
        Map<String, String> files = ruleIdsByFile(out);
        assertThat(files.keySet()).allSatisfy(name -> assertThat(name).matches("[a-z0-9_]{1,210}\\.toml"));
        assertThat(files.values()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(hostile.stream(), Stream.of("long-name")).toList());
    }

    @Test
    void existingFilesAreReplacedOnlyWithForceAndStaleOnesAreReportedAndKept() throws Exception {
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(out.resolve("alpha_rule.toml"), "mine");
        Files.writeString(out.resolve("old_rule.toml"), "stale");
        String ndjson = rule("r-1", "Alpha Rule") + "\n" + rule("r-2", "Beta Rule") + "\n";

        Run refused = export(ndjson, out);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("alpha_rule.toml").contains("--force").contains("Nothing was written")
                .doesNotContain("old_rule.toml");
        assertThat(Files.readString(out.resolve("alpha_rule.toml"))).isEqualTo("mine");
        assertThat(out.resolve("beta_rule.toml")).doesNotExist();
        assertThat(parent.toFile().list()).containsExactly("out");

        Run forced = export(ndjson, out, "--force");
        assertThat(forced.exit()).as(forced.all()).isZero();
        assertThat(ruleIdsByFile(out)).containsEntry("alpha_rule.toml", "r-1").containsEntry("beta_rule.toml", "r-2");
        assertThat(Files.readString(out.resolve("old_rule.toml"))).isEqualTo("stale");
        assertThat(forced.out()).contains("1 file in " + out + " matches no exported rule and was left alone:"
                + " old_rule.toml");
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void rulesSharingANameGetDistinctNamesWhateverTheOrderEvenWithShortRuleIds() throws Exception {
        List<String> rules = new java.util.ArrayList<>(List.of(rule("b", "Same Name"), rule("a", "Same Name"),
                rule("A", "Same Name"), rule("c", "same name!")));
        Run first = export(String.join("\n", rules), parent.resolve("first"));
        java.util.Collections.reverse(rules);
        Run second = export(String.join("\n", rules), parent.resolve("second"));

        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(second.exit()).as(second.all()).isZero();
        Map<String, String> names = ruleIdsByFile(parent.resolve("first"));
        assertThat(names.values()).containsExactlyInAnyOrder("a", "A", "b", "c");
        assertThat(ruleIdsByFile(parent.resolve("second"))).isEqualTo(names);
    }

    @Test
    void aMalformedLineIsNamedAndNothingIsWritten() throws Exception {
        Path out = parent.resolve("out");
        String ndjson = rule("r-1", "Alpha Rule") + "\n{\"rule_id\": \"r-2\", \"name\": \n" + rule("r-3", "Gamma");

        Run run = export(ndjson, out);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("line 2").contains("not valid JSON").contains("Nothing was written")
                .doesNotContain("internal error");
        assertThat(parent.toFile().list()).isEmpty();
    }

    @Test
    void anOutThatCannotBeWrittenIsExplainedAndNothingIsLeft() throws Exception {
        Path file = Files.writeString(parent.resolve("plain.txt"), "a file");
        Run run = export(rule("r-1", "Alpha Rule"), file.resolve("out"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot write " + file.resolve("out")).contains(file.toString())
                .contains("Nothing was written").contains("parent folders are folders").doesNotContain("internal");
        assertThat(parent.toFile().list()).containsExactly("plain.txt");

        // root writes through permission bits, but not into /sys
        Run readOnly = export(rule("r-1", "Alpha Rule"), Path.of("/sys/dac-export-test"));
        assertThat(readOnly.exit()).isEqualTo(1);
        assertThat(readOnly.err()).startsWith("dac export: cannot write /sys/dac-export-test: /sys cannot be written")
                .contains("Nothing was written").contains("Choose a folder").doesNotContain("internal");
        assertThat(Path.of("/sys/dac-export-test")).doesNotExist();
    }
}
