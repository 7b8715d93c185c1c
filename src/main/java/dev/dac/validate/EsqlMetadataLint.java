package dev.dac.validate;

import dev.dac.esql.EsqlCommand;
import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.rule.RuleFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A non-aggregating ES|QL rule turns each result row into an alert about one document. Kibana needs the document's
 * {@code _id}, {@code _version} and {@code _index} to build a stable alert id, or overlapping runs alert twice. It runs
 * the rule without them (esql.ts), so this is a warning.
 */
final class EsqlMetadataLint implements RuleLint {

    static final List<String> REQUIRED = List.of("_id", "_version", "_index");

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        rule.queries().esql().ifPresent(analysis -> {
            if (analysis.aggregates()) {
                return;
            }
            List<String> missing = new ArrayList<>(REQUIRED);
            missing.removeAll(analysis.metadataFields());
            if (missing.isEmpty()) {
                return;
            }
            int line = analysis.sourceCommand().map(EsqlCommand::line).orElse(1);
            findings.add(rule.findingInString(Check.ESQL_MISSING_METADATA, "/rule/query", line,
                    "the query does not aggregate, so each row becomes an alert, but FROM lacks METADATA "
                            + String.join(", ", missing) + "; Kibana runs it (and so does dac test), but"
                            + (missing.contains("_id") ? " each row is an alert of its own whose id depends on the"
                                    + " execution, so overlapping executions alert twice on one event"
                                    : " the alert id misses the document's version or index")
                            + "; write FROM ... METADATA _id, _version, _index"));
        });
    }
}
