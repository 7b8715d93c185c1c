package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.validate.RuleTexts;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dac validate} end to end: exit codes and every output format, parsed back. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private Path good;
    private Path badSchema;
    private Path badToml;
    private Path warned;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs dac as if in {@code environment}: what the test JVM has, plus {@code settings} (ES_URL, ...). */
    static Map<String, String> environmentWith(String... settings) {
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        return environment;
    }

    static Run run(Map<String, String> environment, String... args) {
        CommandLine cli = DacCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void mixedRules() {
        // on an index dac knows nothing of, so it is warned about (DAC133)
        good = RuleTexts.write(dir, "good.toml", RuleTexts.replace(RuleTexts.sample("query"), "[\"logs-okta*\"]",
                "[\"my-app-*\"]"));
        badSchema = RuleTexts.write(dir, "bad_schema.toml",
                RuleTexts.replace(RuleTexts.sample("eql"), "risk_score = 73", "risk_score = \"high\""));
        badToml = RuleTexts.write(dir, "sub/bad_toml.toml", "[rule]\nname = \"unterminated\n");
        warned = RuleTexts.write(dir, "warned.toml", RuleTexts.read(RuleTexts.CORRELATION_RULE));
    }

    @Test
    void seedRulesPassWithWarningsListed() {
        Run run = run("validate", "--no-engine", "rules/");
        assertThat(run.exit()).isZero();
        // DAC107: the Windows seeds name TA0005 by its ATT&CK v18 name, Defense Evasion (Stealth since v19)
        assertThat(run.out()).contains("DAC123").contains("DAC147").contains("DAC107")
                .contains(" files checked: 0 errors, 6 warnings"); // not pinned: rules/ grows
    }

    @Test
    void textGroupsByFileAndChecksEveryFileDespiteBadOnes() {
        Run run = run("validate", "--no-engine", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains(badSchema.toString() + "  (rule_id 00000000-0000-4000-8000-000000000002)")
                .contains("'rule.risk_score' must be an integer, not a string")
                .contains(badToml.toString())
                .contains("DAC003")
                .contains("4 files checked: 2 errors, 5 warnings")
                .doesNotContain(good + "\n");
        assertThat(run.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jsonHasFilesErrorsAndWarnings() throws Exception {
        Run run = run("validate", "--no-engine", "--format", "json", dir.toString());
        JsonNode json = new JsonMapper().readTree(run.out());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(json.path("files").asInt()).isEqualTo(4);
        assertThat(json.path("errors")).hasSize(2);
        assertThat(json.path("warnings")).hasSize(5);
        assertThat(findByCode(json.path("warnings"), "DAC133").path("file").asString()).isEqualTo(good.toString());
        JsonNode schemaError = findByCode(json.path("errors"), "DAC012");
        assertThat(schemaError.path("file").asString()).isEqualTo(badSchema.toString());
        assertThat(schemaError.path("line").asInt()).isEqualTo(14);
        assertThat(schemaError.path("rule_id").asString()).isEqualTo("00000000-0000-4000-8000-000000000002");
        assertThat(schemaError.path("message").asString()).contains("risk_score");
        JsonNode tomlError = findByCode(json.path("errors"), "DAC003");
        assertThat(tomlError.path("rule_id").isNull()).isTrue();
        assertThat(tomlError.path("line").asInt()).isEqualTo(2);
        assertThat(findByCode(json.path("warnings"), "DAC123").path("file").asString()).isEqualTo(warned.toString());
    }

    @Test
    void jsonLineIsNullWhenNoLineApplies() throws Exception {
        RuleTexts.write(dir, "empty.toml", "");
        JsonNode json = new JsonMapper().readTree(run("validate", "--format=json", dir.resolve("empty.toml").toString())
                .out());
        assertThat(json.path("errors")).allSatisfy(e -> assertThat(e.path("line").isNull()).isTrue());
        assertThat(json.path("errors")).extracting(e -> e.path("code").asString()).contains("DAC010");
    }

    @Test
    void sarifIsVersion210WithRulesResultsAndRegions() throws Exception {
        Run run = run("validate", "--no-engine", "--format", "sarif", dir.toString());
        JsonNode sarif = new JsonMapper().readTree(run.out());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asString()).contains("sarif-2.1.0");
        JsonNode runNode = sarif.path("runs").get(0);
        assertThat(runNode.path("tool").path("driver").path("name").asString()).isEqualTo("dac");
        JsonNode rules = runNode.path("tool").path("driver").path("rules");
        assertThat(rules.size()).isEqualTo(dev.dac.validate.Check.values().length);
        JsonNode results = runNode.path("results");
        assertThat(results).hasSize(7);
        for (JsonNode result : results) {
            String ruleId = result.path("ruleId").asString();
            int index = result.path("ruleIndex").asInt();
            assertThat(rules.get(index).path("id").asString()).isEqualTo(ruleId);
            assertThat(result.path("level").asString()).isIn("error", "warning");
            assertThat(result.path("message").path("text").asString()).isNotBlank();
            JsonNode location = result.path("locations").get(0).path("physicalLocation");
            assertThat(location.path("artifactLocation").path("uri").asString()).startsWith("file:///");
            assertThat(location.path("region").path("startLine").asInt()).isPositive();
        }
    }

    @Test
    void sarifUsesRelativeUrisInsideTheWorkingDirectory() throws Exception {
        JsonNode sarif = new JsonMapper().readTree(run("validate", "--no-engine", "--format", "sarif", "rules").out());
        JsonNode artifact = sarif.path("runs").get(0).path("results").get(0).path("locations").get(0)
                .path("physicalLocation").path("artifactLocation");
        assertThat(artifact.path("uri").asString()).startsWith("rules/integrations/aws/");
        assertThat(artifact.path("uriBaseId").asString()).isEqualTo("%SRCROOT%");
    }

    @Test
    void junitHasOneCasePerFileFailedByErrorsOnly() throws Exception {
        Run run = run("validate", "--no-engine", "--format", "junit", dir.toString());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));

        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        List<String> failed = new ArrayList<>();
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            if (testcase.getElementsByTagName("failure").getLength() > 0) {
                failed.add(testcase.getAttribute("name"));
            }
            if (testcase.getAttribute("name").equals(warned.toString())) {
                assertThat(testcase.getElementsByTagName("system-out").item(0).getTextContent()).contains("DAC123");
            }
        }
        assertThat(failed).containsExactlyInAnyOrder(badSchema.toString(), badToml.toString());
        assertThat(((Element) xml.getElementsByTagName("failure").item(0)).getAttribute("type")).startsWith("DAC");
    }

    @Test
    void usageProblemsExitWithTwo() {
        Run missing = run("validate", dir.resolve("absent").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("absent: no such file or folder");

        Run unknownOption = run("validate", "--colour", dir.toString());
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--colour'");

        Run badFormat = run("validate", "--format", "yaml", dir.toString());
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("yaml");
    }

    @Test
    void longRunsReportProgressOnStderr() {
        String rule = RuleTexts.sample("esql");
        for (int i = 0; i < 600; i++) {
            RuleTexts.write(dir, "many/rule_" + i + ".toml", rule
                    .replace("00000000-0000-4000-8000-000000000003", String.format("00000000-0000-4000-8000-%012d", i))
                    .replace("Sample ESQL Rule", "Sample ESQL Rule " + i));
        }
        Run run = run("validate", "--no-engine", "--format", "json", dir.resolve("many").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("dac validate: 500 of 600 files checked")
                .contains("dac validate: 600 of 600 files checked");
        assertThat(run.out()).startsWith("{").doesNotContain("files checked");
    }

    @Test
    void anUnreachableEsUrlLeavesEsqlUnverifiedWithOneWarning() {
        Run run = run(environmentWith("ES_URL", "http://127.0.0.1:1"), "validate", "rules/");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("DAC147").contains("not verified on Elasticsearch")
                .contains("http://127.0.0.1:1");
    }

    @Test
    void helpShowsExamples() {
        Run run = run("validate", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Examples:").contains("--format");
    }

    private static JsonNode findByCode(JsonNode findings, String code) {
        for (JsonNode finding : findings) {
            if (finding.path("code").asString().equals(code)) {
                return finding;
            }
        }
        throw new AssertionError("no finding with code " + code + " in " + findings);
    }
}
