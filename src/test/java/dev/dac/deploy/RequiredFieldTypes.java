package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link DetectionRulesParity}: the types of a body's non-ECS required fields that make its hash detection-rules'
 * locked one, when only those types differ. Tries every combination of the usual Elasticsearch types for up to
 * {@link #MAX_FREE} such fields (detection-rules types them from its integration schemas; dac from its tables), and
 * for more, one type for all those dac does not know.
 */
final class RequiredFieldTypes {

    static final int MAX_FREE = 3;

    private static final List<String> CANDIDATES = List.of("unknown", "keyword", "long", "integer", "double",
            "float", "date", "ip", "boolean", "text", "match_only_text", "wildcard", "flattened", "object", "nested",
            "scaled_float", "geo_point", "constant_keyword", "short", "unsigned_long");

    private RequiredFieldTypes() {}

    static Optional<ArrayNode> search(ObjectNode body, String expectedHash) {
        JsonNode required = body.path("required_fields");
        if (!required.isArray() || required.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < required.size(); i++) {
            if (!required.get(i).path("ecs").asBoolean()) {
                free.add(i);
            }
        }
        if (free.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode candidate = body.deepCopy();
        ArrayNode fields = (ArrayNode) candidate.get("required_fields");
        if (free.size() > MAX_FREE) {
            return oneTypeForMany(candidate, fields, free, expectedHash);
        }
        int[] choice = new int[free.size()];
        while (true) {
            for (int f = 0; f < free.size(); f++) {
                ((ObjectNode) fields.get(free.get(f))).put("type", CANDIDATES.get(choice[f]));
            }
            if (VersionLock.hash(candidate).equals(expectedHash)) {
                return Optional.of(fields);
            }
            int f = 0;
            while (f < choice.length && ++choice[f] == CANDIDATES.size()) {
                choice[f++] = 0;
            }
            if (f == choice.length) {
                return Optional.empty();
            }
        }
    }

    /**
     * Beyond {@link #MAX_FREE} fields: every field dac types {@code unknown} given one same type, which is what
     * an integration dac has no table of (kubernetes, google_workspace) mostly comes to.
     */
    private static Optional<ArrayNode> oneTypeForMany(ObjectNode candidate, ArrayNode fields, List<Integer> free,
            String expectedHash) {
        List<Integer> unknown = free.stream().filter(i -> fields.get(i).path("type").asString().equals("unknown"))
                .toList();
        for (String type : CANDIDATES) {
            unknown.forEach(i -> ((ObjectNode) fields.get(i)).put("type", type));
            if (VersionLock.hash(candidate).equals(expectedHash)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    /** "field: dac's type → detection-rules' type" for each field whose type differs. */
    static String describe(JsonNode dac, JsonNode detectionRules) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < dac.size(); i++) {
            String ours = dac.get(i).path("type").asString();
            String theirs = detectionRules.get(i).path("type").asString();
            if (!ours.equals(theirs)) {
                parts.add(dac.get(i).path("name").asString() + ": " + ours + " -> " + theirs);
            }
        }
        return String.join(", ", parts);
    }
}
