package dev.dac.engine;

import dev.dac.fields.EcsFields;
import dev.dac.kql.IpLiteral;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes from a source document what cannot go into an alert, as Kibana does before it writes one
 * (rule_types/factories/utils/traverse_and_mutate_doc.ts, formerly strip_non_ecs_fields.ts): top-level
 * {@code kibana}, {@code signal} and {@code threshold_result} (so a parent alert's kibana.* fields never reach the
 * new alert), and every value that does not fit its ECS type: a long, float or scaled_float that is not a number
 * (process.pid = "abc"), an ip that is not an address, a date that is neither a number nor an ISO date, a boolean
 * other than true/false/"true"/"false"/"", an object where ECS has a value or a value where ECS has an object, a
 * dotted path under an ECS leaf field, and a primitive where ECS has a nested field. Array items are judged one by
 * one. Fields ECS does not know are kept. The ECS field types are dac's ECS table.
 */
final class EcsCompliance {

    /** The document without the removed values, and the paths of what was removed. */
    record Stripped(ObjectNode document, List<String> removed) {}

    private static final Set<String> BANNED = Set.of("kibana", "signal", "threshold_result");
    private static final Pattern JS_DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern JS_RADIX = Pattern.compile("0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+");
    private static final EcsCompliance ECS = new EcsCompliance(EcsFields.load().types());

    private final Map<String, String> leafTypes = new HashMap<>();
    private final Set<String> objectPaths = new HashSet<>();
    private final Set<String> nested = new HashSet<>();

    private EcsCompliance(Map<String, String> types) {
        for (Map.Entry<String, String> field : types.entrySet()) {
            String name = field.getKey();
            if (isMultiField(name, types)) {
                continue; // process.name.text is a multi-field, not a property under an object process.name
            }
            if (field.getValue().equals("nested")) {
                nested.add(name); // kept out of the field map, as ecsNestedFieldNames is in Kibana
                continue;
            }
            leafTypes.put(name, field.getValue());
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                objectPaths.add(name.substring(0, dot));
            }
        }
    }

    static Stripped strip(JsonNode source) {
        ObjectNode document = source != null && source.isObject() ? ((ObjectNode) source).deepCopy()
                : ElasticsearchJson.mapper().createObjectNode();
        List<String> removed = new ArrayList<>();
        ECS.traverse(document, "", true, removed);
        return new Stripped(document, removed);
    }

    private static boolean isMultiField(String name, Map<String, String> types) {
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            String parent = types.get(name.substring(0, dot));
            if (parent != null && !parent.equals("object") && !parent.equals("nested") && !parent.equals("flattened")) {
                return true;
            }
        }
        return false;
    }

    private void traverse(ObjectNode document, String path, boolean topLevel, List<String> removed) {
        Iterator<Map.Entry<String, JsonNode>> fields = document.properties().iterator();
        List<String> toRemove = new ArrayList<>();
        Map<String, JsonNode> toSet = new HashMap<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String fullPath = path.isEmpty() ? key : path + "." + key;
            if (topLevel && (BANNED.contains(key.split("\\.", 2)[0]))) {
                toRemove.add(key);
                removed.add(fullPath);
            } else if (value.isArray()) {
                ArrayNode kept = traverseArray((ArrayNode) value, fullPath, removed);
                if (kept.isEmpty()) {
                    toRemove.add(key);
                } else {
                    toSet.put(key, kept);
                }
            } else if (!compliant(value, fullPath)) {
                toRemove.add(key);
                removed.add(fullPath);
            } else if (value.isObject()) {
                traverse((ObjectNode) value, fullPath, false, removed);
                if (value.isEmpty()) {
                    toRemove.add(key);
                }
            }
        }
        toRemove.forEach(document::remove);
        toSet.forEach(document::set);
    }

    private ArrayNode traverseArray(ArrayNode array, String path, List<String> removed) {
        ArrayNode kept = array.arrayNode();
        for (JsonNode value : array) {
            if (value.isArray()) {
                ArrayNode inner = traverseArray((ArrayNode) value, path, removed);
                if (!inner.isEmpty()) {
                    kept.add(inner);
                }
            } else if (!compliant(value, path)) {
                removed.add(path);
            } else if (value.isObject()) {
                ObjectNode copy = ((ObjectNode) value).deepCopy();
                traverse(copy, path, false, removed);
                if (!copy.isEmpty()) {
                    kept.add(copy);
                }
            } else {
                kept.add(value);
            }
        }
        return kept;
    }

    /** computeIsEcsCompliant. */
    private boolean compliant(JsonNode value, String path) {
        if (path.contains(".") && !parentsAreObjects(path)) {
            return false;
        }
        if (nested.contains(path)) {
            return value.isObject();
        }
        if (!isEcsField(path)) {
            return true;
        }
        String type = leafTypes.get(path);
        if (type == null) {
            return value.isObject(); // an ECS object path
        }
        return switch (type) {
            case "geo_point" -> true;
            case "long" -> !(value.isString() && value.asString().contains(" ")) && numeric(value);
            case "float", "scaled_float" -> numeric(value);
            case "ip" -> value.isString() && IpLiteral.address(value.asString()).isPresent();
            case "date" -> numeric(value) || (value.isString() && isoDate(value.asString()));
            case "boolean" -> value.isBoolean() || (value.isString() && Set.of("true", "false", "")
                    .contains(value.asString()));
            case "object", "flattened" -> value.isObject();
            default -> objectPaths.contains(path) ? value.isObject() : !value.isObject();
        };
    }

    private boolean isEcsField(String path) {
        return leafTypes.containsKey(path) || objectPaths.contains(path);
    }

    /** validateDottedPathInEcsMappings: no proper prefix of the path may be an ECS leaf. */
    private boolean parentsAreObjects(String path) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String parent = path.substring(0, dot);
            String type = leafTypes.get(parent);
            if (type != null && !type.equals("object") && !type.equals("flattened") && !type.equals("geo_point")
                    && !objectPaths.contains(parent)) {
                return false;
            }
        }
        return true;
    }

    /** is_valid_numeric_type.ts: a number, or a string JavaScript's Number() reads as one. */
    private static boolean numeric(JsonNode value) {
        if (value.isNumber()) {
            return true;
        }
        if (!value.isString()) {
            return false;
        }
        String text = value.asString().strip();
        return text.isEmpty() || JS_DECIMAL.matcher(text).matches() || JS_RADIX.matcher(text).matches()
                || text.matches("[+-]?Infinity");
    }

    /** is_valid_date_type.ts reads strings with moment's strict ISO 8601; these are the forms alerts meet. */
    private static boolean isoDate(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
