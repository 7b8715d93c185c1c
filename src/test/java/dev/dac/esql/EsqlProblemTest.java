package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Elasticsearch's ES|QL error texts (as 8.19 words them) read back into problems with their places. */
class EsqlProblemTest {

    @Test
    void aVerificationErrorListsEachProblemWithItsPlace() {
        List<EsqlProblem> problems = EsqlProblem.parse("verification_exception", "Found 2 problems\n"
                + "line 2:9: Unknown column [b]\n"
                + "line 12:20: first argument of [a == 2] is [keyword] so second argument must also be [keyword] but"
                + " was [integer]");
        assertThat(problems).containsExactly(
                new EsqlProblem(EsqlProblem.Kind.UNKNOWN_COLUMN, 2, 9, "Unknown column [b]"),
                new EsqlProblem(EsqlProblem.Kind.INVALID, 12, 20, "first argument of [a == 2] is [keyword] so second"
                        + " argument must also be [keyword] but was [integer]"));
    }

    @Test
    void kindsComeFromTheErrorTypeAndTheMessage() {
        assertThat(EsqlProblem.parse("parsing_exception", "line 1:40: mismatched input 'wher' expecting {'eval'}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(EsqlProblem.Kind.SYNTAX);
                    assertThat(p.line()).isEqualTo(1);
                    assertThat(p.column()).isEqualTo(40);
                });
        assertThat(EsqlProblem.parse("verification_exception", "Found 1 problem\nline 3:7: Unknown function"
                + " [VALUEZ], did you mean [values]?")).extracting(EsqlProblem::kind)
                .containsExactly(EsqlProblem.Kind.UNKNOWN_FUNCTION);
        assertThat(EsqlProblem.parse("verification_exception", "Found 1 problem\nline 1:1: Unknown index [x-*]"))
                .extracting(EsqlProblem::kind).containsExactly(EsqlProblem.Kind.UNKNOWN_INDEX);
    }

    /**
     * A missing inference endpoint (COMPLETION, RERANK on Elasticsearch 9) is the engine's setup: its own kind, placed
     * ("cannot use inference endpoint", x-pack/plugin/esql Analyzer) or not (the inference plugin's 404).
     */
    @Test
    void aMissingInferenceEndpointIsItsOwnKind() {
        assertThat(EsqlProblem.parse("verification_exception", "Found 1 problem\nline 4:3: cannot use inference"
                + " endpoint [my-llm] with task type [rerank] within a Completion command. Only inference endpoints"
                + " with the task type [completion] are supported.")).singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(EsqlProblem.Kind.INFERENCE_ENDPOINT);
                    assertThat(p.line()).isEqualTo(4);
                });
        assertThat(EsqlProblem.parse("resource_not_found_exception", "Inference endpoint not found [my-llm]"))
                .extracting(EsqlProblem::kind).containsExactly(EsqlProblem.Kind.INFERENCE_ENDPOINT);
        assertThat(EsqlProblem.parse("verification_exception", "Found 1 problem\nline 1:1: Unknown column"
                + " [inference.id]")).extracting(EsqlProblem::kind).containsExactly(EsqlProblem.Kind.UNKNOWN_COLUMN);
    }

    @Test
    void aReasonWithoutAPlaceIsOneProblemWithoutLine() {
        assertThat(EsqlProblem.parse("status_exception", "A valid Enterprise license is required"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isZero();
                    assertThat(p.kind()).isEqualTo(EsqlProblem.Kind.INVALID);
                });
    }

    @Test
    void fromPatternsAreReadWithoutMetadataAndQuotes() {
        assertThat(EsqlQueryAnalysis.of("FROM logs-aws.cloudtrail-*, \"logs-okta.system-*\", -logs-x-* METADATA _id"
                + "\n| LIMIT 1").indexPatterns())
                .containsExactly("logs-aws.cloudtrail-*", "logs-okta.system-*", "-logs-x-*");
    }

    @Test
    void patternsNoIndexCanMatchAreTold() {
        assertThat(EsqlVerifier.namesNoIndex("Logs-*")).isTrue();
        assertThat(EsqlVerifier.namesNoIndex("logs-a#b")).isTrue();
        assertThat(EsqlVerifier.namesNoIndex("logs-aws.cloudtrail-*")).isFalse();
        assertThat(EsqlVerifier.namesNoIndex("remote:logs-*")).isFalse();
    }
}
