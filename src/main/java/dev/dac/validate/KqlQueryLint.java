package dev.dac.validate;

import dev.dac.fields.FieldCatalog;
import dev.dac.kql.KqlFieldCheck;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * KQL rules: the query must parse, and its fields (and a new terms rule's fields, a threshold rule's group-by fields,
 * the timestamp_override field) must exist in the indices the rule reads, with values of their types. Fields are
 * checked against the {@link FieldCatalog}: a field an exact source (a template, Elastic Defend's table) lacks, or a
 * misspelt ECS field, is an error; a field dac cannot confirm because its tables may be incomplete is a warning; an
 * index pattern dac knows nothing of gets a warning, and then no field is judged.
 */
final class KqlQueryLint implements RuleLint {

    private final FieldCatalog catalog;

    KqlQueryLint(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** The index patterns a KQL rule reads, and the fields besides its query that must exist in them. */
    private record KqlRule(List<String> index, String dataViewId, List<NamedField> namedFields) {}

    /** A field a rule names outside its query, and where (a JSON pointer into the rule file). */
    private record NamedField(String pointer, String name) {}

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        KqlRule kql = kqlPart(model.rule().typeFields());
        if (kql == null || rule.queries().kql().isEmpty()) {
            return;
        }
        QueryAnalyses.Kql analysed = rule.queries().kql().get();
        List<String> index = kql.index() == null ? List.of() : kql.index();
        FieldCatalog.Coverage coverage = catalog.forPatterns(index);
        if (index.isEmpty()) {
            // a data view names its indices in Kibana only; say that nothing was checked rather than pass silently
            findings.add(rule.findingAt(Check.KQL_UNKNOWN_INDEX, kql.dataViewId() != null ? "/rule/data_view_id"
                    : "/rule", "the rule names no index pattern" + (kql.dataViewId() != null ? " (it reads data view '"
                    + kql.dataViewId() + "', whose indices dac cannot see)" : "") + "; the rule's fields are not checked"));
        }
        if (!coverage.unknownPatterns().isEmpty()) {
            List<String> unknown = coverage.unknownPatterns();
            findings.add(rule.findingAt(Check.KQL_UNKNOWN_INDEX, "/rule/index", "dac has no field map for index"
                    + " pattern" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " (no index"
                    + " template, no integration table, not an ECS index family); the rule's fields are not checked"));
        }
        checkNamedFields(rule, model, kql, coverage, findings);
        if (analysed instanceof QueryAnalyses.Kql.Unparsable unparsable) {
            KqlSyntaxException e = unparsable.error();
            findings.add(rule.findingInString(Check.KQL_SYNTAX, "/rule/query", e.line(), "KQL syntax error at query"
                    + " line " + e.line() + ", column " + e.column() + ": " + e.problem()));
            return;
        }
        KqlNode query = ((QueryAnalyses.Kql.Parsed) analysed).tree();
        for (KqlFieldCheck.Problem problem : new KqlFieldCheck(coverage).check(query)) {
            KqlNode.Position at = problem.span().start();
            Check check = switch (problem.kind()) {
                case UNKNOWN_FIELD -> Check.KQL_UNKNOWN_FIELD;
                case UNCONFIRMED_FIELD -> Check.KQL_UNCONFIRMED_FIELD;
                case VALUE_TYPE_MISMATCH -> Check.KQL_VALUE_TYPE_MISMATCH;
            };
            findings.add(rule.findingInString(check, "/rule/query", at.line(), "query line " + at.line()
                    + ", column " + at.column() + ": " + problem.message()));
        }
    }

    /** The new terms or threshold fields and the timestamp_override field, judged as the query's fields are. */
    private static void checkNamedFields(RuleUnderCheck rule, RuleFile model, KqlRule kql,
            FieldCatalog.Coverage coverage, List<Finding> findings) {
        List<NamedField> named = new ArrayList<>(kql.namedFields());
        String timestampOverride = model.rule().common().timestampOverride();
        if (timestampOverride != null) {
            named.add(new NamedField("/rule/timestamp_override", timestampOverride));
        }
        for (NamedField field : named) {
            Optional<FieldCatalog.MissingField> missing = coverage.missing(field.name());
            if (missing.isPresent()) {
                findings.add(rule.findingAt(missing.get().certainty() == FieldCatalog.Certainty.ABSENT
                        ? Check.KQL_UNKNOWN_FIELD : Check.KQL_UNCONFIRMED_FIELD, field.pointer(),
                        missing.get().message()));
            } else if (field.name().equals(timestampOverride)) {
                coverage.fields().field(field.name()).filter(f -> !f.isDate()).ifPresent(f -> findings.add(
                        rule.findingAt(Check.KQL_VALUE_TYPE_MISMATCH, field.pointer(), "timestamp_override '"
                        + field.name() + "' is " + f.esType() + " in the rule's indices; the detection engine"
                        + " needs a date field")));
            }
        }
    }

    private static List<NamedField> named(String pointer, List<String> names) {
        List<NamedField> fields = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            fields.add(new NamedField(pointer + "/" + i, names.get(i)));
        }
        return fields;
    }

    private static KqlRule kqlPart(TypeFields fields) {
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            return new KqlRule(q.index(), q.dataViewId(), List.of());
        }
        if (fields instanceof TypeFields.NewTermsFields n && "kuery".equals(n.language())) {
            return new KqlRule(n.index(), n.dataViewId(), named("/rule/new_terms/value", n.newTermsFields()));
        }
        if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            List<NamedField> groupBy = new ArrayList<>(named("/rule/threshold/field", t.threshold().field()));
            List<TypeFields.Cardinality> cardinality = t.threshold().cardinality();
            for (int i = 0; i < cardinality.size(); i++) {
                groupBy.add(new NamedField("/rule/threshold/cardinality/" + i + "/field", cardinality.get(i).field()));
            }
            return new KqlRule(t.index(), t.dataViewId(), groupBy);
        }
        if (fields instanceof TypeFields.ThreatMatchFields t && "kuery".equals(t.language())) {
            return new KqlRule(t.index(), t.dataViewId(), List.of());
        }
        return null;
    }
}
