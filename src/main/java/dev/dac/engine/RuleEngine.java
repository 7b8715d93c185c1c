package dev.dac.engine;

import dev.dac.eql.EqlNode;
import dev.dac.kql.KqlNode;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleType;
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
    private final EqlRuleExecutor eql = new EqlRuleExecutor();

    public RuleRun run(CheckedRule rule, Execution execution) throws RuleExecutionException, IOException {
        if (rule.hasErrors()) {
            throw new RuleExecutionException("rule " + rule.ruleId().orElse("?") + " (" + rule.path() + ") has"
                    + " validation errors; dac runs only rules that validate (see dac validate)");
        }
        Rule resolved = InputIndex.resolve(rule.ruleFile().rule(), rule.path());
        // Kibana drops expired items at the execution's start (removeExpiredExceptions, build_exception_filter.ts)
        ExceptionFilter exceptions = ExceptionFilter.of(rule.exceptionLists(), execution.at());
        if (AlertSuppression.active(resolved)) {
            return suppressed(resolved, rule.queries(), execution, exceptions);
        }
        RuleRun run = execute(resolved, rule.queries(), execution, exceptions);
        new AlertWriter(execution).write(run.alerts());
        return run;
    }

    /** Suppression writes its own alerts: grouped in the search for query rules, after the executor for others. */
    private RuleRun suppressed(Rule rule, QueryAnalyses queries, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        if (rule.typeFields() instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return SuppressedQuerySearch.execute(rule, kql(queries), q.index(), execution, exceptions);
        }
        RuleRun run = execute(rule, queries, execution, exceptions);
        if (rule.typeFields() instanceof TypeFields.ThresholdFields t) {
            return AlertSuppression.write(rule, run,
                    exceptions.appliedTo(KqlRuleQuery.ruleQuery(rule, kql(queries), t.index(), execution)),
                    t.index(), execution);
        }
        return AlertSuppression.write(rule, run, null, java.util.List.of(), execution);
    }

    private RuleRun execute(Rule rule, QueryAnalyses queries, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        RuleRun executed = dispatch(rule, queries, execution, exceptions);
        // a rule never alerts on its own alerts: factories/wrap_hits.ts drops alerts with one among their ancestors;
        // the new terms and ES|QL wrappers (wrap_new_terms_alerts.ts, wrap_esql_alerts.ts) do not check, nor does
        // EQL's wrap_sequences_factory.ts: a sequence's shell has the rule's own building blocks as ancestors
        boolean dropsOwn = rule.type() != RuleType.NEW_TERMS && rule.type() != RuleType.ESQL
                && !(queries.eqlTree().isPresent() && !(queries.eqlTree().get().query() instanceof EqlNode.EventQuery));
        String self = AlertBuilder.ruleUuid(rule.ruleId(), execution.space());
        return new RuleRun(executed.ruleId(), executed.alerts().stream()
                .filter(alert -> !dropsOwn || !AlertBuilder.descendsFromRule(alert, self)).toList(),
                executed.request());
    }

    private RuleRun dispatch(Rule rule, QueryAnalyses queries, Execution execution, ExceptionFilter exceptions)
            throws RuleExecutionException, IOException {
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.NewTermsFields nt && "kuery".equals(nt.language())) {
            return newTerms.execute(rule, kql(queries), execution, exceptions);
        }
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return query.execute(rule, kql(queries), q.index(), execution, exceptions);
        }
        if (fields instanceof TypeFields.EsqlFields && queries.esql().isPresent()) {
            return esql.execute(rule, queries.esql().get(), execution, exceptions);
        }
        if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            return threshold.execute(rule, kql(queries), execution, exceptions);
        }
        if (fields instanceof TypeFields.EqlFields e) {
            return eql.execute(rule, e, queries.eqlTree(), execution);
        }
        throw new RuleExecutionException("dac cannot execute " + rule.type().apiName() + " rules"
                + (fields instanceof TypeFields.QueryFields ? " in " + ((TypeFields.QueryFields) fields).language() : "")
                + " yet; it runs KQL query, new terms and threshold rules, EQL and ES|QL rules");
    }

    private static KqlNode kql(QueryAnalyses queries) throws RuleExecutionException {
        return queries.kqlTree().orElseThrow(() -> new RuleExecutionException("the rule's KQL query did not parse"));
    }
}
