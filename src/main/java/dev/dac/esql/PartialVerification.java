package dev.dac.esql;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Verifies what an older Elasticsearch can of a query written for a newer one. Each refusal bound to the engine's
 * version is taken away: a newer function's call is stood in for by a value of its type, an INLINE STATS or a
 * COMPLETION with options by an EVAL of the columns it adds, a time span's abbreviated unit by its name ({@link EsqlRewrite}), and any other such refusal cuts the query before the command holding it; the rest is asked again, until the engine
 * refuses nothing for its version or no command is left. What the engine then says of the rest is the query's own:
 * a prefix of a pipeline is a query of its own, and a stand-in reads the same columns as the call it replaces.
 */
public final class PartialVerification {

    /** How many times at most the query is cut or stood in for and asked again. */
    private static final int STEPS = 20;

    private PartialVerification() {}

    /** The part verified and what the engine said of it (at the places of {@link EsqlRewrite#text()}). */
    public record Result(EsqlRewrite rewrite, EsqlVerdict verdict) {}

    /**
     * The largest part of {@code query} the engine could verify after {@code refused}; empty when no part could
     * (a version-bound refusal in the source command or at no place, or the engine failed to answer).
     */
    public static Optional<Result> run(String query, EsqlVerdict.Refused refused, Predicate<EsqlProblem> versionBound,
            Function<String, EsqlVerdict> verify) {
        EsqlRewrite rewrite = EsqlRewrite.of(query);
        EsqlVerdict verdict = refused;
        for (int step = 0; step < STEPS; step++) {
            if (!(verdict instanceof EsqlVerdict.Refused current)) {
                break;
            }
            EsqlRewrite at = rewrite;
            List<EsqlProblem> bound = current.problems().stream().map(at::original).filter(versionBound).toList();
            if (bound.isEmpty()) {
                break;
            }
            Optional<EsqlRewrite> next = nextRewrite(query, rewrite, bound);
            if (next.isEmpty() || next.get().text().equals(rewrite.text())) {
                return Optional.empty();
            }
            rewrite = next.get();
            verdict = verify.apply(rewrite.text());
        }
        if (verdict instanceof EsqlVerdict.Failed || verdict instanceof EsqlVerdict.Refused left
                && left.problems().stream().map(rewrite::original).anyMatch(versionBound)) {
            return Optional.empty();
        }
        return Optional.of(new Result(rewrite, verdict));
    }

    /** Stands in for the newer functions refused; cuts before the first command refused otherwise. */
    private static Optional<EsqlRewrite> nextRewrite(String query, EsqlRewrite rewrite, List<EsqlProblem> bound) {
        EsqlRewrite next = rewrite;
        int cut = Integer.MAX_VALUE;
        for (EsqlProblem problem : bound) {
            if (problem.line() <= 0) {
                return Optional.empty();
            }
            int offset = EsqlRewrite.offsetOf(query, problem.line(), Math.max(1, problem.column()));
            Optional<EsqlRewrite> stoodIn = problem.kind() == EsqlProblem.Kind.UNKNOWN_FUNCTION
                    || problem.kind() == EsqlProblem.Kind.SYNTAX ? next.standIn(offset) : Optional.empty();
            if (stoodIn.isEmpty() && problem.kind() == EsqlProblem.Kind.SYNTAX) {
                stoodIn = problem.message().startsWith("Unexpected temporal unit") ? next.standInTimeSpan(offset)
                        : next.standInCommand(offset);
            }
            if (stoodIn.isPresent()) {
                next = stoodIn.get();
            } else {
                cut = Math.min(cut, offset);
            }
        }
        return cut == Integer.MAX_VALUE ? Optional.of(next) : next.cutBefore(cut);
    }
}
