package dev.dac.rule;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One exception list kept as code: the container ({@code list_id}, {@code namespace_type}, {@code type}, name) and
 * its items, from {@code file}. Kibana finds a rule's exception items by list_id and namespace_type, so the two
 * together identify a list. {@code container} is the container's table as written, the body Kibana's API takes.
 */
public record ExceptionList(Path file, String listId, String namespaceType, String type, String name,
        JsonNode container, List<ExceptionItem> items) {

    public static final String DEFAULT_NAMESPACE = "single";

    public ExceptionList {
        items = List.copyOf(items);
    }

    /** The key Kibana finds the list by. */
    public Key key() {
        return new Key(listId, namespaceType);
    }

    /** list_id and namespace_type: what identifies a list in Kibana (and what a rule's exceptions_list names). */
    public record Key(String listId, String namespaceType) {
        @Override
        public String toString() {
            return listId + " (" + namespaceType + ")";
        }
    }
}
