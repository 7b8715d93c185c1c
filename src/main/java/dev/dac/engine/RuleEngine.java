package dev.dac.engine;

import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;

/** Runs one rule as Kibana's detection engine would and writes the alerts it raises. */
public final class RuleEngine {

    private final QueryRuleExecutor query = new QueryRuleExecutor();
    private final NewTermsExecutor newTerms = new NewTermsExecutor();
    private final EsqlRuleExecutor esql = new EsqlRuleExecutor();
    private final ThresholdExecutor threshold = new ThresholdExecutor();

    public RuleRun run(Rule rule, Execution execution) throws RuleExecutionException, IOException {
        RuleRun run = execute(rule, execution);
        new AlertWriter(execution).write(run.alerts());
        return run;
    }

    private RuleRun execute(Rule rule, Execution execution) throws RuleExecutionException, IOException {
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.NewTermsFields nt && "kuery".equals(nt.language())) {
            return newTerms.execute(rule, execution);
        }
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return query.execute(rule, q.query(), q.index(), execution);
        }
        if (fields instanceof TypeFields.EsqlFields) {
            return esql.execute(rule, execution);
        }
        if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            return threshold.execute(rule, execution);
        }
        throw new RuleExecutionException("dac cannot execute " + rule.type().apiName() + " rules"
                + (fields instanceof TypeFields.QueryFields ? " in " + ((TypeFields.QueryFields) fields).language() : "")
                + " yet; it runs KQL query, new terms and threshold rules and ES|QL rules");
    }
}
