package dev.dac.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.harness.CaseResult;
import dev.dac.harness.TestCase;
import dev.dac.harness.TestReport;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test run that could not use its files still gives a well-formed report that says what broke. */
class ReporterProblemsTest {

    private static final List<String> PROBLEMS = List.of(
            "fixtures/a.toml:12: unknown key 'alerts' in [[case.expect]]; did you mean 'alert'?",
            "fixtures/b.toml:3: case \"<odd> & \u0001name\": 'now-2x' is not a time");

    private static String write(ReportFormat format, TestReport report) {
        StringWriter out = new StringWriter();
        format.reporter().writeTests(report, new PrintWriter(out));
        return out.toString();
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static TestReport notRun() {
        return new TestReport(List.of(), PROBLEMS, "not started", Duration.ZERO, Duration.ZERO);
    }

    @Test
    void junitOfARunThatNeverStartedNamesEveryProblemAsAnError() throws Exception {
        Document doc = xml(write(ReportFormat.JUNIT, notRun()));

        assertThat(doc.getDocumentElement().getAttribute("errors")).isEqualTo("2");
        assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(2);
        Element first = (Element) doc.getElementsByTagName("error").item(0);
        assertThat(first.getAttribute("message")).isEqualTo(PROBLEMS.get(0));
        // a control character from a user's file cannot be written in XML 1.0; it is replaced, the rest kept
        assertThat(doc.getElementsByTagName("error").item(1).getTextContent())
                .isEqualTo("fixtures/b.toml:3: case \"<odd> & \uFFFDname\": 'now-2x' is not a time");
    }

    @Test
    void junitKeepsProblemsBesideResultsAndSurvivesControlCharactersInCaseNames() throws Exception {
        TestCase testCase = new TestCase(Path.of("fixtures/x.toml"), "bell \u0007 in the name", Instant.EPOCH,
                List.of("r"), List.of(), List.of(), List.of(new TestCase.Expectation("r", 0, List.of())));
        CaseResult result = new CaseResult(testCase, List.of(), "index \u0000 refused", Duration.ZERO);
        TestReport report = new TestReport(List.of(result), PROBLEMS.subList(0, 1), "8.19 at local", Duration.ZERO,
                Duration.ZERO);

        Document doc = xml(write(ReportFormat.JUNIT, report));

        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name"))
                .isEqualTo("bell \uFFFD in the name");
    }

    @Test
    void jsonOfARunThatNeverStartedListsTheProblems() throws Exception {
        JsonNode json = JsonMapper.builder().build().readTree(write(ReportFormat.JSON, notRun()));

        assertThat(json.path("cases").size()).isZero();
        assertThat(json.path("problems").size()).isEqualTo(2);
        assertThat(json.path("problems").get(1).asString()).isEqualTo(PROBLEMS.get(1));
        assertThat(json.path("elasticsearch").asString()).isEqualTo("not started");
    }
}
