package dev.dac.eql;

import dev.dac.fields.FieldCatalog;
import dev.dac.fields.FieldMap;
import dev.dac.kql.IpLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an EQL query against the field catalog's coverage of the indices it runs on, as {@code kql.KqlFieldCheck}
 * does for KQL: fields that cannot be there (an error, with the closest known name), fields dac cannot confirm
 * (a warning), and the type problems the query makes certain: an order comparison (&lt;, &lt;=, &gt;, &gt;=) of a
 * numeric field with a string, {@code cidrMatch} on a field that is not an ip field or with a block that is not one,
 * and a field compared with another field, which Elasticsearch's EQL refuses ("You can't use EQL comparison operators
 * to compare a field to another field", its syntax reference). An optional {@code ?field} is never reported as
 * unknown: the query says it may be absent.
 */
public final class EqlFieldCheck {

    /** One problem, naming the field, with the query text it is about. */
    public record Problem(Kind kind, String field, String message, EqlNode.Span span) {}

    public enum Kind {
        /** The field cannot be in the indices. */
        UNKNOWN_FIELD,
        /** dac does not know the field, but its sources for the indices may be incomplete. */
        UNCONFIRMED_FIELD,
        TYPE_MISMATCH,
        /** A field compared with a field, which Elasticsearch refuses. */
        FIELD_COMPARISON
    }

    private final FieldCatalog.Coverage coverage;
    private final FieldMap fields;
    private final List<String> untabledIntegrations;

    public EqlFieldCheck(FieldCatalog.Coverage coverage) {
        this(coverage, List.of());
    }

    /**
     * {@code untabledIntegrations}: packages the rule names in [metadata] integration that dac keeps no field table
     * of. Such a package may add fields to the indices (problemchild's ingest pipeline adds problemchild.* and
     * blocklist_label to Elastic Defend's events), so a field absent from an exact table is only unconfirmed then.
     */
    public EqlFieldCheck(FieldCatalog.Coverage coverage, List<String> untabledIntegrations) {
        this.coverage = coverage;
        this.fields = coverage.fields();
        this.untabledIntegrations = List.copyOf(untabledIntegrations);
    }

    /** The check for a rule reading {@code index} whose [metadata] integration lists {@code integrations}. */
    public static EqlFieldCheck forRule(FieldCatalog catalog, List<String> index, List<String> integrations) {
        return new EqlFieldCheck(catalog.forPatterns(index), integrations.stream()
                .filter(name -> catalog.integrations().integrationPackage(name).isEmpty()).toList());
    }

    public List<Problem> check(EqlNode.Statement statement) {
        List<Problem> problems = new ArrayList<>();
        for (EqlNode.Field field : EqlWalk.fields(statement)) {
            if (!field.optional()) {
                coverage.missing(field.name()).ifPresent(missing -> problems.add(unknown(field, missing)));
            }
        }
        EqlWalk.expressions(statement, e -> {
            if (e instanceof EqlNode.Comparison c) {
                comparison(c, problems);
            } else if (e instanceof EqlNode.Call call && call.function() == EqlFunction.CIDR_MATCH) {
                cidrMatch(call, problems);
            }
        });
        return problems;
    }

    private Problem unknown(EqlNode.Field field, FieldCatalog.MissingField missing) {
        if (missing.certainty() != FieldCatalog.Certainty.ABSENT) {
            return new Problem(Kind.UNCONFIRMED_FIELD, field.name(), missing.message(), field.span());
        }
        if (coverage.exact() && !untabledIntegrations.isEmpty()) {
            return new Problem(Kind.UNCONFIRMED_FIELD, field.name(), missing.message() + ", unless the rule's"
                    + " integration " + String.join(", ", untabledIntegrations) + " (of which dac keeps no field"
                    + " table) adds it to the events", field.span());
        }
        return new Problem(Kind.UNKNOWN_FIELD, field.name(), missing.message(), field.span());
    }

    private void comparison(EqlNode.Comparison c, List<Problem> problems) {
        if (readsField(c.left()) && readsField(c.right())) {
            problems.add(new Problem(Kind.FIELD_COMPARISON, fieldName(c.left()), "Elasticsearch's EQL cannot compare"
                    + " a field with another field ('" + c.op().symbol() + "' between two field values); compare each"
                    + " with a value, or use a function such as stringContains()", c.span()));
            return;
        }
        boolean order = c.op() != EqlNode.CompareOp.EQ && c.op() != EqlNode.CompareOp.NEQ;
        if (!order) {
            return;
        }
        EqlNode.Field field = c.left() instanceof EqlNode.Field f ? f : c.right() instanceof EqlNode.Field f ? f : null;
        EqlNode.Expr other = field == c.left() ? c.right() : c.left();
        if (field == null || !(other instanceof EqlNode.StringLiteral text)) {
            return;
        }
        typeOf(field).filter(FieldMap.Field::isNumeric).ifPresent(f -> problems.add(new Problem(Kind.TYPE_MISMATCH,
                field.name(), "field '" + field.name() + "' is numeric (" + f.esType() + "); '" + c.op().symbol()
                + "' compares it with the string \"" + text.value() + "\", which Elasticsearch refuses; write the"
                + " number without quotes", c.span())));
    }

    private void cidrMatch(EqlNode.Call call, List<Problem> problems) {
        EqlNode.Expr subject = call.arguments().get(0);
        if (subject instanceof EqlNode.Field field) {
            typeOf(field).filter(f -> !f.esType().equals("ip")).ifPresent(f -> problems.add(new Problem(
                    Kind.TYPE_MISMATCH, field.name(), "cidrMatch() needs an ip field, but '" + field.name() + "' is "
                    + f.esType() + " in the rule's indices", field.span())));
        }
        for (EqlNode.Expr block : call.arguments().subList(1, call.arguments().size())) {
            if (!(block instanceof EqlNode.StringLiteral text)) {
                problems.add(new Problem(Kind.TYPE_MISMATCH, fieldName(subject), "cidrMatch() takes CIDR blocks"
                        + " as string constants, as in \"10.0.0.0/8\"", block.span()));
            } else if (IpLiteral.Block.parse(text.value()).isEmpty()) {
                problems.add(new Problem(Kind.TYPE_MISMATCH, fieldName(subject), "\"" + text.value()
                        + "\" is not a CIDR block or IP address", block.span()));
            }
        }
    }

    /** The field's mapping when the catalog knows it (for an optional field, only when it is mapped). */
    private Optional<FieldMap.Field> typeOf(EqlNode.Field field) {
        return fields.field(field.name());
    }

    /** Whether the value comes from a field: the field itself, or a function or arithmetic over one. */
    private static boolean readsField(EqlNode.Expr expr) {
        boolean[] found = {false};
        EqlWalk.expressions(expr, e -> found[0] |= e instanceof EqlNode.Field);
        return found[0];
    }

    private static String fieldName(EqlNode.Expr expr) {
        List<String> names = new ArrayList<>();
        EqlWalk.expressions(expr, e -> {
            if (e instanceof EqlNode.Field f) {
                names.add(f.name());
            }
        });
        return names.isEmpty() ? "" : names.get(0);
    }
}
