package dev.dac.harness;

import java.util.Map;
import java.util.Set;

/**
 * Field types as the local test node can map them. That node lacks the mapper-extras, wildcard, constant_keyword,
 * unsigned_long and analytics modules (see DESIGN.md), so their types become the nearest core type; field-table-only
 * pseudo types ({@code array}) and types with no near core type ({@code histogram}) are left out.
 */
final class LocalNodeTypes {

    private static final Map<String, String> NEAREST = Map.of(
            "match_only_text", "text",
            "wildcard", "keyword",
            "constant_keyword", "keyword",
            "scaled_float", "double",
            "unsigned_long", "long");

    private static final Set<String> LEFT_OUT = Set.of("array", "histogram", "aggregate_metric_double");

    private LocalNodeTypes() {}

    /** The type to map {@code type} as on the local node, or null to leave the field out. */
    static String local(String type) {
        return LEFT_OUT.contains(type) ? null : NEAREST.getOrDefault(type, type);
    }
}
