package dev.dac.rule;

import java.util.List;

/**
 * One condition of an exception item, as Kibana's exception list API defines it (entries of type match, match_any,
 * exists, wildcard, list and nested; operator included or excluded). An item matches an event when all its entries do.
 */
public sealed interface ExceptionEntry {

    /** The field the entry tests; inside a nested entry, relative to the nested path. */
    String field();

    /** The field {@code value} equals (a phrase match, as Kibana queries it). */
    record Match(String field, boolean excluded, String value) implements ExceptionEntry {}

    /** The field equals any of {@code values}. */
    record MatchAny(String field, boolean excluded, List<String> values) implements ExceptionEntry {
        public MatchAny {
            values = List.copyOf(values);
        }
    }

    /** The field has a value. */
    record Exists(String field, boolean excluded) implements ExceptionEntry {}

    /** The field matches the wildcard pattern {@code value} (* and ?). */
    record Wildcard(String field, boolean excluded, String value) implements ExceptionEntry {}

    /** The field's value is in Kibana value list {@code listId}: data that lives only in Kibana. */
    record ValueList(String field, boolean excluded, String listId, String listType) implements ExceptionEntry {}

    /** Entries that must all hold within one object of the nested field {@code field}. */
    record Nested(String field, List<ExceptionEntry> entries) implements ExceptionEntry {
        public Nested {
            entries = List.copyOf(entries);
        }
    }
}
