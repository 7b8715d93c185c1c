package dev.dac.load;

/** A rule file that could not be read or parsed; carries the problem to report. */
public final class RuleLoadException extends Exception {

    private final transient LoadProblem problem;

    public RuleLoadException(LoadProblem problem) {
        super(problem.message());
        this.problem = problem;
    }

    public LoadProblem problem() {
        return problem;
    }
}
