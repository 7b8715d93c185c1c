package dev.dac.fields;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an index pattern and their Elasticsearch types, as Kibana's data view knows them when the detection
 * engine translates KQL. Built from an index mapping: object fields flattened to dotted names, multi-fields
 * ({@code user.name.text}) included, nested fields marked so queries on them can be wrapped.
 */
public final class FieldMap {

    /** One field: its dotted name, its Elasticsearch type, and the nested path it lives under, if any. */
    public record Field(String name, String esType, String nestedPath) {

        public boolean isKeyword() {
            return esType.equals("keyword");
        }

        public boolean isDate() {
            return esType.equals("date") || esType.equals("date_nanos");
        }

        public boolean isNumeric() {
            return Set.of("long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float",
                    "unsigned_long").contains(esType);
        }

        public boolean isText() {
            return esType.equals("text") || esType.equals("match_only_text");
        }
    }

    public static final FieldMap EMPTY = new FieldMap(Map.of(), Set.of());

    private final Map<String, Field> fields;
    private final Set<String> nestedPaths;

    private FieldMap(Map<String, Field> fields, Set<String> nestedPaths) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.nestedPaths = Set.copyOf(nestedPaths);
    }

    /** True when {@code name} is a key inside a flattened field, which takes any key without declaring it. */
    public boolean isInsideFlattened(String name) {
        for (Field field : fields.values()) {
            if (field.esType().equals("flattened") && name.startsWith(field.name() + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The fields of an index mapping ({@code {"properties": {...}}}). */
    public static FieldMap fromMapping(JsonNode mappings) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Set<String> nested = new TreeSet<>();
        collect(mappings.path("properties"), "", null, fields, nested);
        // an alias answers with the type of the field it points at, as a data view reports it
        Map<String, String> aliasTargets = new LinkedHashMap<>();
        collectAliases(mappings.path("properties"), "", aliasTargets);
        aliasTargets.forEach((alias, target) -> {
            Field resolved = fields.get(target);
            if (resolved != null) {
                fields.put(alias, new Field(alias, resolved.esType(), resolved.nestedPath()));
            } else {
                fields.remove(alias);
            }
        });
        return new FieldMap(fields, nested);
    }

    /** This map and {@code other} together; a field both know keeps this map's type. */
    public FieldMap merge(FieldMap other) {
        Map<String, Field> merged = new LinkedHashMap<>(other.fields);
        merged.putAll(fields);
        Set<String> paths = new TreeSet<>(nestedPaths);
        paths.addAll(other.nestedPaths);
        return new FieldMap(merged, paths);
    }

    private static void collectAliases(JsonNode properties, String prefix, Map<String, String> aliases) {
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            JsonNode spec = entry.getValue();
            if (spec.has("properties")) {
                collectAliases(spec.path("properties"), prefix + entry.getKey() + ".", aliases);
            } else if ("alias".equals(spec.path("type").asString(""))) {
                aliases.put(prefix + entry.getKey(), spec.path("path").asString());
            }
        }
    }

    private static void collect(JsonNode properties, String prefix, String nestedPath, Map<String, Field> fields,
            Set<String> nested) {
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            String name = prefix + entry.getKey();
            JsonNode spec = entry.getValue();
            String type = spec.path("type").asString("object");
            if (spec.has("properties")) {
                String path = nestedPath;
                if (type.equals("nested")) {
                    nested.add(name);
                    path = name;
                }
                collect(spec.path("properties"), name + ".", path, fields, nested);
                continue;
            }
            fields.put(name, new Field(name, type, nestedPath));
            for (Map.Entry<String, JsonNode> multi : spec.path("fields").properties()) {
                String sub = name + "." + multi.getKey();
                fields.put(sub, new Field(sub, multi.getValue().path("type").asString("keyword"), nestedPath));
            }
        }
    }

    public Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The fields whose names {@code pattern} matches, in mapping order (a wildcard field name in a query). */
    public List<Field> matching(java.util.function.Predicate<String> pattern) {
        return fields.values().stream().filter(f -> pattern.test(f.name())).toList();
    }

    /** The nested fields' paths ({@code threat.enrichments}). */
    public Set<String> nestedPaths() {
        return nestedPaths;
    }

    public boolean isNestedPath(String path) {
        return nestedPaths.contains(path);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public int size() {
        return fields.size();
    }

    public Map<String, Field> fields() {
        return fields;
    }
}
