package dev.dac.engine;

import dev.dac.eql.EqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.Optional;

/**
 * An EQL rule: sent to {@code _eql/search} where Elasticsearch has EQL, answered by dac itself on its local node
 * (which has no EQL module), so {@code dac test} runs EQL rules on either.
 */
final class EqlRuleExecutor {

    private final EqlCapability capability = new EqlCapability();
    private final EqlSearchExecutor search = new EqlSearchExecutor();
    private final EqlLocalExecutor local = new EqlLocalExecutor();

    /** {@code tree} is the query as validation parsed it (empty if it did not parse). */
    RuleRun execute(Rule rule, TypeFields.EqlFields eql, Optional<EqlNode.Statement> tree, Execution execution)
            throws RuleExecutionException, IOException {
        if (capability.hasEql(execution.elasticsearch())) {
            return search.execute(rule, eql, execution);
        }
        EqlNode.Statement statement = tree.orElseThrow(() -> new RuleExecutionException(
                "the rule's EQL query did not parse (see dac validate)"));
        return local.execute(rule, eql, statement, execution);
    }
}
