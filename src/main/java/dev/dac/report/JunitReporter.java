package dev.dac.report;

import dev.dac.harness.CaseResult;
import dev.dac.harness.TestReport;
import dev.dac.validate.Finding;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML for CI dashboards: one test case per rule file, failed by its errors; warnings go to the case's
 * system-out so they are visible without failing the build.
 */
final class JunitReporter implements Reporter {

    @Override
    public void writeValidation(ValidationReport report, PrintWriter out) {
        Map<Path, List<Finding>> byFile = new LinkedHashMap<>();
        report.files().forEach(file -> byFile.put(file, new ArrayList<>()));
        report.findings().forEach(f -> byFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f));

        Document doc = newDocument();
        Element suites = doc.createElement("testsuites");
        doc.appendChild(suites);
        Element suite = doc.createElement("testsuite");
        suites.appendChild(suite);
        int failures = 0;
        for (Map.Entry<Path, List<Finding>> entry : byFile.entrySet()) {
            Element testcase = doc.createElement("testcase");
            attribute(testcase, "classname", "dac.validate");
            attribute(testcase, "name", DisplayPath.of(entry.getKey()));
            attribute(testcase, "time", "0");
            List<Finding> errors = entry.getValue().stream().filter(Finding::isError).toList();
            List<Finding> warnings = entry.getValue().stream().filter(f -> !f.isError()).toList();
            if (!errors.isEmpty()) {
                failures++;
                Element failure = doc.createElement("failure");
                attribute(failure, "type", errors.get(0).check().code());
                attribute(failure, "message", errors.size() == 1 ? errors.get(0).message()
                        : errors.size() + " errors, first: " + errors.get(0).message());
                text(failure, lines(errors));
                testcase.appendChild(failure);
            }
            if (!warnings.isEmpty()) {
                Element systemOut = doc.createElement("system-out");
                text(systemOut, lines(warnings));
                testcase.appendChild(systemOut);
            }
            suite.appendChild(testcase);
        }
        for (Element e : List.of(suites, suite)) {
            attribute(e, "name", "dac validate");
            attribute(e, "tests", String.valueOf(byFile.size()));
            attribute(e, "failures", String.valueOf(failures));
            attribute(e, "errors", "0");
        }
        attribute(suite, "skipped", "0");
        write(doc, out);
    }

    @Override
    public void writeTests(TestReport report, PrintWriter out) {
        Document doc = newDocument();
        Element suites = doc.createElement("testsuites");
        attribute(suites, "name", "dac test");
        doc.appendChild(suites);
        Map<String, List<CaseResult>> byFile = new LinkedHashMap<>();
        report.results().forEach(r -> byFile.computeIfAbsent(TestCaseLabel.fixture(r), k -> new ArrayList<>()).add(r));
        long failures = 0;
        for (Map.Entry<String, List<CaseResult>> entry : byFile.entrySet()) {
            Element suite = doc.createElement("testsuite");
            attribute(suite, "name", entry.getKey());
            long failed = entry.getValue().stream().filter(r -> !r.passed()).count();
            failures += failed;
            attribute(suite, "tests", String.valueOf(entry.getValue().size()));
            attribute(suite, "failures", String.valueOf(failed));
            attribute(suite, "errors", "0");
            attribute(suite, "skipped", "0");
            double seconds = entry.getValue().stream().mapToLong(r -> r.took().toMillis()).sum() / 1000.0;
            attribute(suite, "time", String.valueOf(seconds));
            for (CaseResult result : entry.getValue()) {
                Element testcase = doc.createElement("testcase");
                attribute(testcase, "classname", entry.getKey().replaceFirst("\\.toml$", ""));
                attribute(testcase, "name", result.testCase().name());
                attribute(testcase, "time", String.valueOf(result.took().toMillis() / 1000.0));
                if (!result.passed()) {
                    Element failure = doc.createElement("failure");
                    String text = TestCaseLabel.failureText(result, true);
                    attribute(failure, "message", text.lines().findFirst().orElse("failed"));
                    text(failure, text);
                    testcase.appendChild(failure);
                }
                suite.appendChild(testcase);
            }
            suites.appendChild(suite);
        }
        if (!report.problems().isEmpty()) {
            suites.appendChild(problemSuite(doc, report.problems()));
        }
        attribute(suites, "tests", String.valueOf(report.results().size() + report.problems().size()));
        attribute(suites, "failures", String.valueOf(failures));
        attribute(suites, "errors", String.valueOf(report.problems().size()));
        write(doc, out);
    }

    /** Files that could not be used (a broken fixture, an unreadable rule) as errored test cases, one each. */
    private static Element problemSuite(Document doc, List<String> problems) {
        Element suite = doc.createElement("testsuite");
        attribute(suite, "name", "files dac test could not use");
        attribute(suite, "tests", String.valueOf(problems.size()));
        attribute(suite, "failures", "0");
        attribute(suite, "errors", String.valueOf(problems.size()));
        attribute(suite, "skipped", "0");
        attribute(suite, "time", "0");
        for (String problem : problems) {
            Element testcase = doc.createElement("testcase");
            attribute(testcase, "classname", "dac.test");
            attribute(testcase, "name", problem.length() > 200 ? problem.substring(0, 197) + "..." : problem);
            attribute(testcase, "time", "0");
            Element error = doc.createElement("error");
            attribute(error, "type", "unusable file");
            attribute(error, "message", problem);
            text(error, problem);
            testcase.appendChild(error);
            suite.appendChild(testcase);
        }
        return suite;
    }

    private static void attribute(Element element, String name, String value) {
        element.setAttribute(name, xmlText(value));
    }

    private static void text(Element element, String value) {
        element.setTextContent(xmlText(value));
    }

    /**
     * XML 1.0 cannot carry most control characters even escaped, and names and messages come from user files; such
     * characters become U+FFFD so the report stays well-formed.
     */
    static String xmlText(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)
                ? c : 0xFFFD));
        return out.toString();
    }

    private static String lines(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append(f.line() == null ? "" : "line " + f.line() + ": ").append(f.check().code()).append(' ')
                    .append(f.message()).append('\n');
        }
        return text.toString();
    }

    static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML support is unavailable", e);
        }
    }

    static void write(Document doc, PrintWriter out) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            out.println();
            out.flush();
        } catch (TransformerException e) {
            throw new IllegalStateException("could not write JUnit XML", e);
        }
    }
}
