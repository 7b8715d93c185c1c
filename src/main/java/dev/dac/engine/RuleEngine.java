package dev.dac.engine;

import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import dev.dac.validate.CheckedRule;
import dev.dac.validate.QueryAnalyses;
import java.io.IOException;

/**
 * Runs one rule as Kibana's detection engine would and writes the alerts it raises. It takes rules as validation
 * left them: only a rule without errors runs, and its query is the one validation parsed.
 */
public final class RuleEngine {

    private final QueryRuleExecutor query = new QueryRuleExecutor();
    private final NewTermsExecutor newTerms = new NewTermsExecutor();
    private final EsqlRuleExecutor esql = new EsqlRuleExecutor();
    private final ThresholdExecutor threshold = new ThresholdExecutor();

    /** Runs {@code rule} and writes its alerts; the run says which were created and how many were duplicates. */
    public RuleRun run(CheckedRule rule, Execution execution) throws RuleExecutionException, IOException {
        if (rule.hasErrors()) {
            throw new RuleExecutionException("rule " + rule.ruleId().orElse("?") + " (" + rule.path() + ") has"
                    + " validation errors; dac runs only rules that validate (see dac validate)");
        }
        RuleRun run = execute(rule.ruleFile().rule(), rule.queries(), execution);
        return run.written(new AlertWriter(execution).create(run.alerts()));
    }

    private RuleRun execute(Rule rule, QueryAnalyses queries, Execution execution)
            throws RuleExecutionException, IOException {
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.NewTermsFields nt && "kuery".equals(nt.language())) {
            return newTerms.execute(rule, kql(queries), execution);
        }
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return query.execute(rule, kql(queries), q.index(), execution);
        }
        if (fields instanceof TypeFields.EsqlFields && queries.esql().isPresent()) {
            return esql.execute(rule, queries.esql().get(), execution);
        }
        if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            return threshold.execute(rule, kql(queries), execution);
        }
        throw new RuleExecutionException("dac cannot execute " + rule.type().apiName() + " rules"
                + (fields instanceof TypeFields.QueryFields ? " in " + ((TypeFields.QueryFields) fields).language() : "")
                + " yet; it runs KQL query, new terms and threshold rules and ES|QL rules");
    }

    private static KqlNode kql(QueryAnalyses queries) throws RuleExecutionException {
        return queries.kqlTree().orElseThrow(() -> new RuleExecutionException("the rule's KQL query did not parse"));
    }
}
