package dev.dac.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An index mapping ({@code {"properties": ...}}) built from a table of dotted field names and their types, as dac's
 * field tables hold them: objects opened into properties, nested fields kept nested, multi-fields under their parent's
 * {@code fields}.
 */
final class FlatFieldMapping {

    /** Types whose dotted children are properties, not multi-fields ({@code array} is the integrations' own). */
    private static final Set<String> NOT_LEAVES = Set.of("object", "nested", "flattened", "group", "array");

    private FlatFieldMapping() {}

    static ObjectNode of(Map<String, String> types) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        for (Map.Entry<String, String> field : types.entrySet()) {
            String name = field.getKey();
            String parent = multiFieldParent(types, name);
            if (parent != null) {
                ObjectNode parentSpec = spec(root, parent);
                parentSpec.withObject("fields").putObject(name.substring(parent.length() + 1))
                        .put("type", field.getValue());
                continue;
            }
            ObjectNode spec = spec(root, name);
            if (!field.getValue().equals("object") || !spec.has("properties")) {
                spec.put("type", field.getValue());
            }
        }
        return root;
    }

    /** The parent of a multi-field such as {@code process.name.caseless}: a field typed as a leaf, not an object. */
    private static String multiFieldParent(Map<String, String> types, String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String parent = name.substring(0, dot);
        String parentType = types.get(parent);
        return parentType != null && !NOT_LEAVES.contains(parentType) ? parent : null;
    }

    private static ObjectNode spec(ObjectNode root, String dottedName) {
        ObjectNode node = root;
        String[] parts = dottedName.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            ObjectNode properties = node.withObject("properties");
            ObjectNode child = properties.has(parts[i]) ? (ObjectNode) properties.get(parts[i])
                    : properties.putObject(parts[i]);
            if (i < parts.length - 1 && child.path("type").asString("object").equals("object")) {
                child.remove("type");
            }
            node = child;
        }
        return node;
    }
}
