package dev.dac.report;

/** The output formats of {@code dac validate} (and later {@code dac test}). */
public enum ReportFormat {
    TEXT,
    JSON,
    SARIF,
    JUNIT;

    public Reporter reporter() {
        return switch (this) {
            case TEXT -> new TextReporter();
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter();
            case JUNIT -> new JunitReporter();
        };
    }
}
