package dev.dac.report;

import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;

/** Writes a run's results in one output format. */
public interface Reporter {

    void writeValidation(ValidationReport report, PrintWriter out);
}
