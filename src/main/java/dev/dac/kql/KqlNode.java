package dev.dac.kql;

import java.util.List;

/**
 * A parsed KQL query, shaped like Kibana's kuery tree: functions over literal and wildcard values. Every node knows
 * the stretch of query text it was parsed from, so findings point at the term they are about.
 */
public sealed interface KqlNode {

    /** The query text this node was parsed from. */
    Span span();

    /** {@code a or b or c}: at least one child matches. */
    record Or(List<KqlNode> children, Span span) implements KqlNode {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** {@code a and b and c}: every child matches. */
    record And(List<KqlNode> children, Span span) implements KqlNode {
        public And {
            children = List.copyOf(children);
        }
    }

    record Not(KqlNode child, Span span) implements KqlNode {}

    /** {@code path: { query }}: the query must match inside one object of the nested field {@code path}. */
    record Nested(KqlValue path, KqlNode child, Span span, Span pathSpan) implements KqlNode {}

    /**
     * {@code field: value}, or a value alone when {@code field} is null (a fieldless term). A lone wildcard value
     * means "the field exists"; {@code *:*} matches everything. The span runs from the field to the value, also
     * for a value in a list ({@code field: (a or b)}), whose field is written once for the whole list.
     * {@code fieldSpan} is null for a fieldless term, whose span is its value's.
     */
    record Is(KqlValue field, KqlValue value, Span span, Span fieldSpan, Span valueSpan) implements KqlNode {}

    /** {@code field < value} and the other comparisons; {@code operator} is gt, gte, lt or lte. */
    record Range(KqlValue field, String operator, KqlValue value, Span span, Span fieldSpan, Span valueSpan)
            implements KqlNode {}

    /** A place in the query text: the 0-based character offset, and the 1-based line and column it stands on. */
    record Position(int offset, int line, int column) {}

    /** From {@code start} (the first character) to {@code end} (just after the last). */
    record Span(Position start, Position end) {}
}
