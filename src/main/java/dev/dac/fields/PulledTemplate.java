package dev.dac.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An index template made from the mappings a real cluster has for an index pattern ({@code GET <pattern>/_mapping}),
 * for the user's {@code index-templates/} folder: the mappings of every index the pattern matched, merged (a field
 * two indices map differently keeps the first index's mapping, and is named in {@link #conflicts()}).
 */
public record PulledTemplate(ObjectNode document, List<String> indices, List<String> conflicts) {

    /** {@code answer} is Elasticsearch's {@code _mapping} answer: index name → {"mappings": {...}}. */
    public static PulledTemplate of(String pattern, JsonNode answer, String source) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode merged = json.objectNode();
        List<String> indices = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> index : answer.properties()) {
            indices.add(index.getKey());
            JsonNode mappings = index.getValue().path("mappings");
            if (mappings.path("properties").isObject()) {
                mergeProperties(merged.withObject("properties"), mappings.path("properties"), "", conflicts);
            }
        }
        ObjectNode document = json.objectNode();
        document.putArray("index_patterns").add(pattern);
        document.putObject("_meta").put("description", "Mappings of " + indices.size() + " index(es) matching "
                + pattern + " at " + source + ", pulled by 'dac fields pull'; dac reads this file as the exact field"
                + " list of " + pattern + ". Pull again when the indices change.");
        document.putObject("template").set("mappings", merged);
        return new PulledTemplate(document, List.copyOf(indices), List.copyOf(conflicts));
    }

    private static void mergeProperties(ObjectNode into, JsonNode from, String prefix, List<String> conflicts) {
        for (Map.Entry<String, JsonNode> field : from.properties()) {
            String name = prefix + field.getKey();
            JsonNode spec = field.getValue();
            JsonNode existing = into.get(field.getKey());
            if (existing == null) {
                into.set(field.getKey(), spec.deepCopy());
            } else if (spec.has("properties") && existing.has("properties")) {
                mergeProperties((ObjectNode) existing.get("properties"), spec.path("properties"), name + ".",
                        conflicts);
            } else if (!existing.path("type").asString("object").equals(spec.path("type").asString("object"))
                    && !conflicts.contains(name)) {
                conflicts.add(name);
            }
        }
    }
}
