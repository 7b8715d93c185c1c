package dev.dac.kql;

import java.util.List;

/** A parsed KQL query, shaped like Kibana's kuery tree: functions over literal and wildcard values. */
public sealed interface KqlNode {

    /** {@code a or b or c}: at least one child matches. */
    record Or(List<KqlNode> children) implements KqlNode {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** {@code a and b and c}: every child matches. */
    record And(List<KqlNode> children) implements KqlNode {
        public And {
            children = List.copyOf(children);
        }
    }

    record Not(KqlNode child) implements KqlNode {}

    /** {@code path: { query }}: the query must match inside one object of the nested field {@code path}. */
    record Nested(KqlValue path, KqlNode child) implements KqlNode {}

    /**
     * {@code field: value}, or a value alone when {@code field} is null (a fieldless term). A lone wildcard value
     * means "the field exists"; {@code *:*} matches everything.
     */
    record Is(KqlValue field, KqlValue value) implements KqlNode {}

    /** {@code field < value} and the other comparisons; {@code operator} is gt, gte, lt or lte. */
    record Range(KqlValue field, String operator, KqlValue value) implements KqlNode {}
}
