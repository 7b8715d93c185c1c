package dev.dac.validate;

import java.nio.file.Path;
import java.util.List;

/** The outcome of validating a set of rule files: how many were checked and every finding, in file and line order. */
public record ValidationReport(List<Path> files, List<Finding> findings) {

    public ValidationReport {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }

    public int filesChecked() {
        return files.size();
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }
}
