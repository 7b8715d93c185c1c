package dev.dac.rule;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One exception item: its entries (all must hold), the operating systems it is limited to ({@code os_types}, empty
 * for any) and when it stops applying ({@code expireTime}, null for never). {@code document} is the item's table as
 * written, the body Kibana's API takes.
 */
public record ExceptionItem(String itemId, String listId, String namespaceType, String name, List<String> osTypes,
        Instant expireTime, List<ExceptionEntry> entries, JsonNode document) {

    public ExceptionItem {
        osTypes = List.copyOf(osTypes);
        entries = List.copyOf(entries);
    }

    /** Whether an entry (at any depth) uses a value list, which lives only in Kibana. */
    public boolean usesValueList() {
        return entries.stream().anyMatch(e -> e instanceof ExceptionEntry.ValueList);
    }
}
