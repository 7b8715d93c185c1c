package dev.dac.validate;

import dev.dac.cluster.ElasticsearchProvider;
import dev.dac.fields.PatternMappings;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@code dac validate} verifies ES|QL queries on Elasticsearch: the engine to start or reach, whether dac owns
 * it (then it may create its stand-in indices there), the field knowledge that maps them, and where progress notices
 * go (stderr). {@code description} says which engine, for the notice; without an engine it says why there is none,
 * and validation warns once that ES|QL was not verified.
 */
public record EsqlVerification(Optional<ElasticsearchProvider> engine, boolean ownsEngine, String description,
        PatternMappings mappings, Consumer<String> notices, int parallelism) {

    /** Verification on {@code engine}. */
    public static EsqlVerification on(ElasticsearchProvider engine, boolean ownsEngine, String description,
            PatternMappings mappings, Consumer<String> notices) {
        return new EsqlVerification(Optional.of(engine), ownsEngine, description, mappings, notices, 4);
    }

    /** No verification, for {@code reason} (such as "--no-engine was given"). */
    public static EsqlVerification none(String reason) {
        return new EsqlVerification(Optional.empty(), false, reason, null, notice -> { }, 1);
    }
}
