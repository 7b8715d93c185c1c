package dev.dac.report;

import dev.dac.harness.CaseResult;
import dev.dac.harness.TestReport;
import dev.dac.validate.Finding;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings grouped by file, one line each with line number, level and code, then a one-line summary. */
public final class TextReporter implements Reporter {

    @Override
    public void writeValidation(ValidationReport report, PrintWriter out) {
        Map<Path, List<Finding>> byFile = new LinkedHashMap<>();
        for (Finding finding : report.findings()) {
            byFile.computeIfAbsent(finding.file(), f -> new java.util.ArrayList<>()).add(finding);
        }
        byFile.forEach((file, findings) -> {
            String ruleId = findings.stream().map(Finding::ruleId).filter(id -> id != null).findFirst()
                    .map(id -> "  (rule_id " + id + ")").orElse("");
            out.println(DisplayPath.of(file) + ruleId);
            for (Finding f : findings) {
                String line = f.line() == null ? "-" : String.valueOf(f.line());
                out.printf("  %5s  %-7s  %s  %s%n", line, f.isError() ? "error" : "warning", f.check().code(),
                        f.message());
            }
            out.println();
        });
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        out.printf("%d file%s checked: %d error%s, %d warning%s%n", report.filesChecked(),
                plural(report.filesChecked()), errors, plural(errors), warnings, plural(warnings));
        out.flush();
    }

    @Override
    public void writeTests(TestReport report, PrintWriter out) {
        report.results().forEach(result -> writeCase(result, out, false));
        writeTestSummary(report, out);
    }

    /**
     * One case: its line, and for a failure the differences, why, the alerts raised and the query that ran (whole
     * when {@code verbose}).
     */
    public static void writeCase(CaseResult result, PrintWriter out, boolean verbose) {
        out.println(line(result));
        if (!result.passed()) {
            TestCaseLabel.failureText(result, verbose).lines().forEach(l -> out.println("        " + l));
        }
        out.flush();
    }

    /** The problems with files that could not be used, and the totals. */
    public static void writeTestSummary(TestReport report, PrintWriter out) {
        report.problems().forEach(p -> out.println("ERROR " + p));
        out.printf("%d case%s: %d passed, %d failed in %.1f s (Elasticsearch %s; ready after %.1f s)%n",
                report.results().size(), plural(report.results().size()), report.passed(), report.failed(),
                report.running().toMillis() / 1000.0, report.engine(), report.startup().toMillis() / 1000.0);
        out.flush();
    }

    /**
     * One case as a line of progress: PASS or FAIL, where it is from, what it shows, alerts raised of those expected,
     * for a failure how many expected alerts matched field for field (a right count is not a pass), and time.
     */
    public static String line(CaseResult result) {
        String matched = result.passed() || result.expectedAlerts() == 0 ? ""
                : String.format("; %d/%d expected alerts matched", result.matchedAlerts(), result.expectedAlerts());
        String duplicates = result.duplicateCount() == 0 ? ""
                : ", " + result.duplicateCount() + " duplicates not created";
        return String.format("%s  %s › %s  (%d/%d alerts%s%s, %.2f s)", result.passed() ? "PASS" : "FAIL",
                TestCaseLabel.fixture(result), result.testCase().name(), result.actualCount(), result.expectedCount(),
                matched, duplicates, result.took().toMillis() / 1000.0);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
