package dev.dac.fields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The index mapping dac believes an index pattern's indices have, for creating stand-in indices that a query can be
 * checked against: the catalog's fields (templates, then ECS) and the fields of the integration data streams the
 * pattern matches, one table of dotted names and types turned back into a mapping.
 */
public final class PatternMappings {

    private final FieldCatalog catalog;

    public PatternMappings(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    public FieldCatalog catalog() {
        return catalog;
    }

    public IntegrationFields integrations() {
        return catalog.integrations();
    }

    /** The types of every field dac knows for {@code pattern}: template and ECS types win over integration tables. */
    public Map<String, String> types(String pattern) {
        FieldMap known = catalog.forPatterns(List.of(pattern)).fields()
                .merge(catalog.integrations().forPattern(pattern).fields());
        Map<String, String> types = new LinkedHashMap<>();
        known.fields().values().forEach(f -> types.put(f.name(), f.esType()));
        return types;
    }

    /** {@code {"properties": ...}} for {@code pattern}, each type passed through {@code typeFor}. */
    public ObjectNode mapping(String pattern, java.util.function.UnaryOperator<String> typeFor) {
        Map<String, String> types = new LinkedHashMap<>();
        types(pattern).forEach((name, type) -> types.put(name, typeFor.apply(type)));
        ObjectNode mapping = FlatFieldMapping.of(types);
        addRequiredParameters(mapping);
        return mapping;
    }

    /** scaled_float cannot be mapped without a scaling factor; the value does not change what a query may do. */
    private static void addRequiredParameters(ObjectNode node) {
        if ("scaled_float".equals(node.path("type").asString(""))) {
            node.put("scaling_factor", 1000);
        }
        for (String container : List.of("properties", "fields")) {
            if (node.get(container) instanceof ObjectNode children) {
                children.properties().forEach(e -> {
                    if (e.getValue() instanceof ObjectNode child) {
                        addRequiredParameters(child);
                    }
                });
            }
        }
    }
}
