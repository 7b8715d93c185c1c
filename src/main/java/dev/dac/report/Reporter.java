package dev.dac.report;

import dev.dac.harness.TestReport;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;

/** Writes a run's results in one output format: a validation, or a test run. */
public interface Reporter {

    void writeValidation(ValidationReport report, PrintWriter out);

    void writeTests(TestReport report, PrintWriter out);
}
