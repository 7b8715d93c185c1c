package dev.dac.kql;

import dev.dac.fields.FieldCatalog;
import dev.dac.fields.FieldMap;
import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a KQL query against the field catalog's coverage of the indices it runs on: fields that do not exist there
 * (or that dac cannot confirm, where its sources may be incomplete), and values Elasticsearch would refuse for the
 * field's type (a word in a numeric or ip field, a date it cannot read, a wildcard on a field that takes none).
 */
public final class KqlFieldCheck {

    /** One problem, naming the field, with the query text it is about: the field name, or the value of a type problem. */
    public record Problem(Kind kind, String field, String message, KqlNode.Span span) {}

    public enum Kind {
        /** The field cannot be in the indices. */
        UNKNOWN_FIELD,
        /** dac does not know the field, but its sources for the indices may be incomplete. */
        UNCONFIRMED_FIELD,
        VALUE_TYPE_MISMATCH
    }

    private final FieldCatalog.Coverage coverage;
    private final FieldMap fields;

    public KqlFieldCheck(FieldCatalog.Coverage coverage) {
        this.coverage = coverage;
        this.fields = coverage.fields();
    }

    /** Checks against a mapping known exactly: every field it lacks is an error. */
    public KqlFieldCheck(FieldMap fields) {
        this(FieldCatalog.Coverage.of(fields));
    }

    public List<Problem> check(KqlNode query) {
        List<Problem> problems = new ArrayList<>();
        visit(query, null, problems);
        return problems;
    }

    private void visit(KqlNode node, String nestedPath, List<Problem> problems) {
        if (node instanceof KqlNode.And and) {
            and.children().forEach(c -> visit(c, nestedPath, problems));
        } else if (node instanceof KqlNode.Or or) {
            or.children().forEach(c -> visit(c, nestedPath, problems));
        } else if (node instanceof KqlNode.Not not) {
            visit(not.child(), nestedPath, problems);
        } else if (node instanceof KqlNode.Nested nested) {
            String path = KqlTranslator.text(nested.path());
            String full = nestedPath == null ? path : nestedPath + "." + path;
            if (!fields.isNestedPath(full) && coverage.unknownPatterns().isEmpty()) {
                // only an exact source can say a path is not nested; elsewhere dac's tables may lack it
                problems.add(coverage.exact()
                        ? new Problem(Kind.UNKNOWN_FIELD, full, "'" + full + "' is not a nested field in the index"
                                + " mapping, so 'field: { ... }' cannot query it; write the conditions without braces",
                                nested.pathSpan())
                        : new Problem(Kind.UNCONFIRMED_FIELD, full, "dac's field tables for the rule's indices do"
                                + " not know '" + full + "' as a nested field; 'field: { ... }' fails unless it is one",
                                nested.pathSpan()));
            }
            visit(nested.child(), full, problems);
        } else if (node instanceof KqlNode.Is is) {
            if (is.field() != null && !(is.field() instanceof KqlValue.Wildcard w && w.isLone())) {
                checkField(is.field(), nestedPath, is.value(), false, is.fieldSpan(), is.valueSpan(), problems);
            }
        } else if (node instanceof KqlNode.Range range) {
            checkField(range.field(), nestedPath, range.value(), true, range.fieldSpan(), range.valueSpan(), problems);
        }
    }

    private void checkField(KqlValue name, String nestedPath, KqlValue value, boolean range, KqlNode.Span nameSpan,
            KqlNode.Span valueSpan, List<Problem> problems) {
        String display = (nestedPath == null ? "" : nestedPath + ".") + KqlTranslator.text(name);
        KqlValue full = nestedPath == null ? name : name instanceof KqlValue.Wildcard w
                ? new KqlValue.Wildcard(prefixed(w, nestedPath))
                : new KqlValue.Literal(display, false);
        List<FieldMap.Field> matched = full.fieldsIn(fields);
        if (matched.isEmpty()) {
            // a flattened field or an open object takes any key; other misses are the catalog's to judge
            coverage.missing(display).ifPresent(missing -> problems.add(new Problem(
                    missing.certainty() == FieldCatalog.Certainty.ABSENT ? Kind.UNKNOWN_FIELD : Kind.UNCONFIRMED_FIELD,
                    display, missing.message(), nameSpan)));
            return;
        }
        if (value instanceof KqlValue.Wildcard w && w.isLone()) {
            return; // exists
        }
        for (FieldMap.Field field : matched) {
            typeProblem(field, value, range).ifPresent(message ->
                    problems.add(new Problem(Kind.VALUE_TYPE_MISMATCH, field.name(), message, valueSpan)));
        }
    }

    private static Optional<String> typeProblem(FieldMap.Field field, KqlValue value, boolean range) {
        String type = field.esType();
        boolean strict = field.isNumeric() || field.isDate() || type.equals("ip") || type.equals("boolean");
        if (value instanceof KqlValue.Wildcard) {
            return strict ? Optional.of("field '" + field.name() + "' is " + article(type) + " field; wildcards only"
                    + " work on keyword and text fields") : Optional.empty();
        }
        KqlValue.Literal literal = (KqlValue.Literal) value;
        String text = literal.text();
        if (field.isNumeric()) {
            try {
                new java.math.BigDecimal(text);
            } catch (NumberFormatException e) {
                return Optional.of("field '" + field.name() + "' is numeric (" + type + "); '" + text
                        + "' is not a number");
            }
        } else if (type.equals("ip")) {
            boolean ok = range ? IpLiteral.address(text).isPresent() : IpLiteral.Block.parse(text).isPresent();
            if (!ok) {
                return Optional.of("field '" + field.name() + "' is an ip field; '" + text + "' is not an IP address"
                        + (range ? "" : " or CIDR block"));
            }
        } else if (field.isDate()) {
            try {
                DateMath.parse(text);
            } catch (DateMathException e) {
                return Optional.of("field '" + field.name() + "' is a date field; " + e.getMessage());
            }
        } else if (type.equals("boolean")) {
            if (!text.equals("true") && !text.equals("false")) {
                return Optional.of("field '" + field.name() + "' is a boolean field; '" + text
                        + "' is not true or false");
            }
        }
        return Optional.empty();
    }

    private static List<String> prefixed(KqlValue.Wildcard wildcard, String path) {
        List<String> parts = new ArrayList<>(wildcard.parts());
        parts.set(0, path + "." + parts.get(0));
        return parts;
    }

    private static String article(String noun) {
        return (noun.matches("^[aeiou].*") ? "an " : "a ") + noun;
    }
}
