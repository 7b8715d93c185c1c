package dev.dac.report;

import dev.dac.validate.Finding;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings grouped by file, one line each with line number, level and code, then a one-line summary. */
final class TextReporter implements Reporter {

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

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
