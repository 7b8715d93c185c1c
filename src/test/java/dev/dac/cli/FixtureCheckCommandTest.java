package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.validate.RuleTexts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dac test} checks every fixture file before it starts or reaches any Elasticsearch, and its reports say what
 * broke. {@code --engine url} without ES_URL would fail with exit 4, so reaching the engine at all shows here.
 */
class FixtureCheckCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void brokenFixtures() {
        String fixture = RuleTexts.read(Path.of("fixtures/aws_iam_long_term_key_first_seen_from_source_ip.toml"));
        RuleTexts.write(dir, "a_typo.toml",
                fixture.replaceFirst("\\[\\[case\\.expect\\.alert]]", "[[case.expect.alerts]]"));
        RuleTexts.write(dir, "b_time.toml", fixture.replace("at = \"now-3d\"", "at = \"now-3x\""));
        RuleTexts.write(dir, "c_good.toml", fixture);
    }

    @Test
    void everyProblemOfEveryFileIsReportedAndNoEngineIsStarted() {
        ValidateCommandTest.Run run = ValidateCommandTest.run("test", "--engine", "url", "--fixtures", dir.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains(dir.resolve("a_typo.toml") + ":25: case \"a long-term key used from a new IP alerts\": "
                        + "unknown key 'alerts' in [[case.expect]]; did you mean 'alert'?")
                .contains(dir.resolve("b_time.toml") + ":42: case \"the same key and IP seen inside the history window"
                        + " do not alert\": 'now-3x' is not a time")
                .contains("no case was run")
                .doesNotContain("starting").doesNotContain("ES_URL");
    }

    @Test
    void junitSaysWhatBrokeInWellFormedXml() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run("test", "--engine", "url", "--format", "junit",
                "--fixtures", dir.toString());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(xml.getDocumentElement().getAttribute("errors")).isEqualTo("2");
        assertThat(((Element) xml.getElementsByTagName("error").item(0)).getAttribute("message"))
                .contains("a_typo.toml:25").contains("did you mean 'alert'?");
    }

    @Test
    void jsonSaysWhatBroke() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run("test", "--engine", "url", "--format", "json",
                "--fixtures", dir.toString());
        JsonNode json = JsonMapper.builder().build().readTree(run.out());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(json.path("problems").size()).isEqualTo(2);
        assertThat(json.path("problems").get(1).asString()).contains("b_time.toml:42").contains("'now-3x'");
        assertThat(json.path("cases").size()).isZero();
    }

    @Test
    void anUnknownEngineStillGivesAReport() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run(ValidateCommandTest.environmentWith("DAC_ENGINE",
                "podman"), "test", "--format", "junit");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));

        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(((Element) xml.getElementsByTagName("error").item(0)).getAttribute("message"))
                .contains("unknown engine 'podman'");
    }
}
