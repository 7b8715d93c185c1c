package dev.dac.validate;

import dev.dac.fields.IndexFieldMaps;
import dev.dac.kql.KqlFieldCheck;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.util.List;

/**
 * KQL rules: the query must parse, and its fields (and a new terms rule's fields) must exist in the indices the
 * rule reads with values of their types. Fields are checked against dac's index templates; an index pattern with
 * no template gets a warning instead of false errors.
 */
final class KqlQueryLint implements RuleLint {

    private final IndexFieldMaps fieldMaps;

    KqlQueryLint(IndexFieldMaps fieldMaps) {
        this.fieldMaps = fieldMaps;
    }

    /** The index patterns a KQL rule reads, and the fields besides its query that must exist in them. */
    private record KqlRule(List<String> index, List<String> extraFields, String extraPointer) {}

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        KqlRule kql = kqlPart(model.rule().typeFields());
        if (kql == null || rule.queries().kql().isEmpty()) {
            return;
        }
        QueryAnalyses.Kql analysed = rule.queries().kql().get();
        if (analysed instanceof QueryAnalyses.Kql.Unparsable unparsable) {
            KqlSyntaxException e = unparsable.error();
            findings.add(rule.findingInString(Check.KQL_SYNTAX, "/rule/query", e.line(), "KQL syntax error at query"
                    + " line " + e.line() + ", column " + e.column() + ": " + e.problem()));
            return;
        }
        KqlNode query = ((QueryAnalyses.Kql.Parsed) analysed).tree();
        IndexFieldMaps.Resolved resolved = fieldMaps.forPatterns(kql.index());
        if (!resolved.complete()) {
            findings.add(rule.findingAt(Check.KQL_UNKNOWN_INDEX, "/rule/index", "dac has no field map for index"
                    + " pattern" + (resolved.unknownPatterns().size() > 1 ? "s " : " ")
                    + String.join(", ", resolved.unknownPatterns()) + "; the query's fields are not checked"));
        }
        if (resolved.fields().isEmpty()) {
            return;
        }
        for (KqlFieldCheck.Problem problem : new KqlFieldCheck(resolved.fields()).check(query)) {
            if (problem.kind() == KqlFieldCheck.Kind.UNKNOWN_FIELD && !resolved.complete()) {
                continue; // the field may live in the indices dac has no map for
            }
            KqlNode.Position at = problem.span().start();
            findings.add(rule.findingInString(problem.kind() == KqlFieldCheck.Kind.UNKNOWN_FIELD
                    ? Check.KQL_UNKNOWN_FIELD : Check.KQL_VALUE_TYPE_MISMATCH, "/rule/query", at.line(),
                    "query line " + at.line() + ", column " + at.column() + ": " + problem.message()));
        }
        if (resolved.complete()) {
            for (int i = 0; i < kql.extraFields().size(); i++) {
                String field = kql.extraFields().get(i);
                if (resolved.fields().field(field).isEmpty()) {
                    findings.add(rule.findingAt(Check.KQL_UNKNOWN_FIELD, kql.extraPointer() + "/" + i, "field '" + field
                            + "' is not in the mapping of the rule's indices"));
                }
            }
        }
    }

    private static KqlRule kqlPart(TypeFields fields) {
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return new KqlRule(q.index(), List.of(), null);
        }
        if (fields instanceof TypeFields.NewTermsFields n && "kuery".equals(n.language())) {
            return new KqlRule(n.index(), n.newTermsFields(), "/rule/new_terms/value");
        }
        if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            return new KqlRule(t.index(), t.threshold().field(), "/rule/threshold/field");
        }
        if (fields instanceof TypeFields.ThreatMatchFields t && "kuery".equals(t.language())) {
            return new KqlRule(t.index(), List.of(), null);
        }
        return null;
    }
}
