package dev.dac.validate;

import dev.dac.eql.EqlFieldCheck;
import dev.dac.eql.EqlNode;
import dev.dac.eql.EqlSyntaxException;
import dev.dac.fields.FieldCatalog;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EQL rules: the query must parse as Elasticsearch's EQL reads it, and its fields (and the rule's timestamp_field,
 * tiebreaker_field, event_category_override and timestamp_override) must exist in the indices the rule reads, judged
 * against the {@link FieldCatalog} as KQL fields are ({@link KqlQueryLint}): a field an exact source lacks, or a
 * misspelt ECS field, is an error; a field dac cannot confirm is a warning; an optional {@code ?field} is never
 * reported unknown. Type problems the query makes certain are errors.
 */
final class EqlQueryLint implements RuleLint {

    private final FieldCatalog catalog;

    EqlQueryLint(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** A field the rule names outside its query, and where (a JSON pointer into the rule file). */
    private record NamedField(String pointer, String name) {}

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        if (!(model.rule().typeFields() instanceof TypeFields.EqlFields eql) || rule.queries().eql().isEmpty()) {
            return;
        }
        QueryAnalyses.Eql analysed = rule.queries().eql().get();
        if (analysed instanceof QueryAnalyses.Eql.Unparsable unparsable) {
            EqlSyntaxException e = unparsable.error();
            findings.add(rule.findingInString(Check.EQL_SYNTAX, "/rule/query", e.line(), "EQL syntax error at query"
                    + " line " + e.line() + ", column " + e.column() + ": " + e.problem()));
            return;
        }
        List<String> index = eql.index() == null ? List.of() : eql.index();
        FieldCatalog.Coverage coverage = catalog.forPatterns(index);
        if (index.isEmpty()) {
            findings.add(rule.findingAt(Check.EQL_UNKNOWN_INDEX, eql.dataViewId() != null ? "/rule/data_view_id"
                    : "/rule", "the rule names no index pattern" + (eql.dataViewId() != null ? " (it reads data view '"
                    + eql.dataViewId() + "', whose indices dac cannot see)" : "") + "; the query's fields are not"
                    + " checked"));
            return;
        }
        if (!coverage.unknownPatterns().isEmpty()) {
            List<String> unknown = coverage.unknownPatterns();
            findings.add(rule.findingAt(Check.EQL_UNKNOWN_INDEX, "/rule/index", "dac has no field map for index"
                    + " pattern" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " (no index"
                    + " template, no integration table, not an ECS index family); the query's fields are not checked"));
        }
        checkNamedFields(rule, model, eql, coverage, findings);
        EqlNode.Statement tree = ((QueryAnalyses.Eql.Parsed) analysed).tree();
        List<String> integrations = model.metadata() == null ? List.of() : model.metadata().integration();
        for (EqlFieldCheck.Problem problem : EqlFieldCheck.forRule(catalog, index, integrations).check(tree)) {
            EqlNode.Position at = problem.span().start();
            Check check = switch (problem.kind()) {
                case UNKNOWN_FIELD -> Check.EQL_UNKNOWN_FIELD;
                case UNCONFIRMED_FIELD -> Check.EQL_UNCONFIRMED_FIELD;
                case TYPE_MISMATCH -> Check.EQL_TYPE_MISMATCH;
                case FIELD_COMPARISON -> Check.EQL_FIELD_COMPARISON;
            };
            findings.add(rule.findingInString(check, "/rule/query", at.line(), "query line " + at.line()
                    + ", column " + at.column() + ": " + problem.message()));
        }
    }

    private static void checkNamedFields(RuleUnderCheck rule, RuleFile model, TypeFields.EqlFields eql,
            FieldCatalog.Coverage coverage, List<Finding> findings) {
        List<NamedField> named = new ArrayList<>();
        addIfSet(named, "/rule/timestamp_field", eql.timestampField());
        addIfSet(named, "/rule/tiebreaker_field", eql.tiebreakerField());
        addIfSet(named, "/rule/event_category_override", eql.eventCategoryOverride());
        addIfSet(named, "/rule/timestamp_override", model.rule().common().timestampOverride());
        for (NamedField field : named) {
            Optional<FieldCatalog.MissingField> missing = coverage.missing(field.name());
            missing.ifPresent(m -> findings.add(rule.findingAt(m.certainty() == FieldCatalog.Certainty.ABSENT
                    ? Check.EQL_UNKNOWN_FIELD : Check.EQL_UNCONFIRMED_FIELD, field.pointer(), m.message())));
        }
    }

    private static void addIfSet(List<NamedField> named, String pointer, String name) {
        if (name != null && !name.isBlank()) {
            named.add(new NamedField(pointer, name));
        }
    }
}
