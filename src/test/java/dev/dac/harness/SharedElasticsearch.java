package dev.dac.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Elasticsearch for the whole test run (chosen like the CLI does: DAC_ENGINE, ES_URL, Docker, else a local
 * node), injected into tests that take a {@link RunningElasticsearch}. It is started on first use and stopped when
 * the run ends. A failure to start fails the tests that need it, with the provider's explanation.
 */
public final class SharedElasticsearch implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedElasticsearch.class);

    /** Keeps the node in the root store, which closes it when the whole run is over. */
    private record Holder(RunningElasticsearch node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            node.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningElasticsearch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("node", key -> start(), Holder.class).node();
    }

    private static Holder start() {
        try {
            ElasticsearchProvider provider = EngineSelection.choose((String) null, System.getenv());
            return new Holder(provider.start());
        } catch (EngineException e) {
            throw new ParameterResolutionException("Elasticsearch for the tests could not be started: " + e.getMessage(),
                    e);
        }
    }
}
