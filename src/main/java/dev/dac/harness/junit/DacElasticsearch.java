package dev.dac.harness.junit;

import dev.dac.cluster.ElasticsearchProvider;
import dev.dac.cluster.ClusterException;
import dev.dac.cluster.ClusterSelection;
import dev.dac.harness.RuleTestRun;
import dev.dac.cluster.RunningElasticsearch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for rule tests written in Java: {@code @ExtendWith(DacElasticsearch.class)} and take a
 * {@link RunningElasticsearch} (one for the whole test run, chosen like {@code dac test} does: DAC_ENGINE, ES_URL,
 * Docker, else a local node; started on first use, stopped when the run ends) and/or a {@link RuleTestRun} (the
 * rules of {@code rules/}, validated as {@code dac validate} does, and the cases of {@code fixtures/}) as test
 * parameters. A rule with a validation error fails every case, with the errors in {@link RuleTestRun#problems()}.
 *
 * <pre>{@code
 * @ExtendWith(DacElasticsearch.class)
 * class MyRuleTest {
 *     @Test
 *     void myRuleCasesPass(RunningElasticsearch es, RuleTestRun rules) throws Exception {
 *         var report = rules.run(rules.casesFor(Set.of("<rule_id>")), es, Duration.ZERO, r -> { });
 *         assertThat(report.failed()).isZero();
 *     }
 * }
 * }</pre>
 * A failure to start Elasticsearch fails the tests that need it, with the provider's explanation.
 */
public final class DacElasticsearch implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DacElasticsearch.class);

    /** Keeps the node in the root store, which closes it when the whole run is over. */
    private record Holder(RunningElasticsearch node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            node.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RunningElasticsearch.class || type == RuleTestRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == RuleTestRun.class) {
            return RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures")));
        }
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("node", key -> start(), Holder.class).node();
    }

    private static Holder start() {
        try {
            // JUnit creates the extension, so it is an entry point: it reads the environment of the test JVM
            ElasticsearchProvider provider = ClusterSelection.choose(System.getenv());
            return new Holder(provider.start());
        } catch (ClusterException e) {
            throw new ParameterResolutionException("Elasticsearch for the tests could not be started: " + e.getMessage(),
                    e);
        }
    }
}
