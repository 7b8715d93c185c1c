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
            testcase.setAttribute("classname", "dac.validate");
            testcase.setAttribute("name", DisplayPath.of(entry.getKey()));
            testcase.setAttribute("time", "0");
            List<Finding> errors = entry.getValue().stream().filter(Finding::isError).toList();
            List<Finding> warnings = entry.getValue().stream().filter(f -> !f.isError()).toList();
            if (!errors.isEmpty()) {
                failures++;
                Element failure = doc.createElement("failure");
                failure.setAttribute("type", errors.get(0).check().code());
                failure.setAttribute("message", errors.size() == 1 ? errors.get(0).message()
                        : errors.size() + " errors, first: " + errors.get(0).message());
                failure.setTextContent(lines(errors));
                testcase.appendChild(failure);
            }
            if (!warnings.isEmpty()) {
                Element systemOut = doc.createElement("system-out");
                systemOut.setTextContent(lines(warnings));
                testcase.appendChild(systemOut);
            }
            suite.appendChild(testcase);
        }
        for (Element e : List.of(suites, suite)) {
            e.setAttribute("name", "dac validate");
            e.setAttribute("tests", String.valueOf(byFile.size()));
            e.setAttribute("failures", String.valueOf(failures));
            e.setAttribute("errors", "0");
        }
        suite.setAttribute("skipped", "0");
        write(doc, out);
    }

    @Override
    public void writeTests(TestReport report, PrintWriter out) {
        Document doc = newDocument();
        Element suites = doc.createElement("testsuites");
        suites.setAttribute("name", "dac test");
        doc.appendChild(suites);
        Map<String, List<CaseResult>> byFile = new LinkedHashMap<>();
        report.results().forEach(r -> byFile.computeIfAbsent(TestCaseLabel.fixture(r), k -> new ArrayList<>()).add(r));
        long failures = 0;
        for (Map.Entry<String, List<CaseResult>> entry : byFile.entrySet()) {
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", entry.getKey());
            long failed = entry.getValue().stream().filter(r -> !r.passed()).count();
            failures += failed;
            suite.setAttribute("tests", String.valueOf(entry.getValue().size()));
            suite.setAttribute("failures", String.valueOf(failed));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", "0");
            double seconds = entry.getValue().stream().mapToLong(r -> r.took().toMillis()).sum() / 1000.0;
            suite.setAttribute("time", String.valueOf(seconds));
            for (CaseResult result : entry.getValue()) {
                Element testcase = doc.createElement("testcase");
                testcase.setAttribute("classname", entry.getKey().replaceFirst("\\.toml$", ""));
                testcase.setAttribute("name", result.testCase().name());
                testcase.setAttribute("time", String.valueOf(result.took().toMillis() / 1000.0));
                if (!result.passed()) {
                    Element failure = doc.createElement("failure");
                    String text = TestCaseLabel.failureText(result, true);
                    failure.setAttribute("message", text.lines().findFirst().orElse("failed"));
                    failure.setTextContent(text);
                    testcase.appendChild(failure);
                }
                suite.appendChild(testcase);
            }
            suites.appendChild(suite);
        }
        suites.setAttribute("tests", String.valueOf(report.results().size()));
        suites.setAttribute("failures", String.valueOf(failures));
        suites.setAttribute("errors", String.valueOf(report.problems().size()));
        write(doc, out);
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
