package dev.dac.harness;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a test run: every case's result, the files that could not be used (with why), the Elasticsearch
 * the cases ran on, how long starting it and running the cases took, and notes that do not fail the run but must
 * be said (an index created with Elasticsearch's guessed mapping).
 */
public record TestReport(List<CaseResult> results, List<String> problems, String engine, Duration startup,
        Duration running, List<String> notes) {

    public TestReport {
        results = List.copyOf(results);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public TestReport(List<CaseResult> results, List<String> problems, String engine, Duration startup,
            Duration running) {
        this(results, problems, engine, startup, running, List.of());
    }

    public long passed() {
        return results.stream().filter(CaseResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    /** True when every case passed and every file could be used. */
    public boolean succeeded() {
        return failed() == 0 && problems.isEmpty() && !results.isEmpty();
    }
}
