package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link DetectionRulesParity}: the types of a body's non-ECS required fields that make its hash detection-rules'
 * locked one, when only those types differ (detection-rules types them from its integration schemas, dac from its
 * tables). Tries the bodies closest to dac's first: one field's type changed, then two, and so on, each field taking
 * one of the usual Elasticsearch types, up to {@link #MAX_TRIES} bodies.
 */
final class RequiredFieldTypes {

    static final int MAX_TRIES = 60_000;

    /** The types tried, the likelier first; a field with many fields around it tries only the first few. */
    private static final List<String> CANDIDATES = List.of("unknown", "keyword", "boolean", "long", "integer",
            "date", "ip", "text", "double", "float", "flattened", "object", "match_only_text", "wildcard", "nested",
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
        ObjectNode candidate = body.deepCopy();
        ArrayNode fields = (ArrayNode) candidate.get("required_fields");
        int[] tries = {0};
        for (int changed = 1; changed <= free.size(); changed++) {
            // fewer types per field as more fields change, so that each step stays within reach
            int types = Math.max(2, Math.min(CANDIDATES.size(),
                    (int) Math.floor(Math.pow(MAX_TRIES / 4.0 / choose(free.size(), changed), 1.0 / changed)) + 1));
            if (changeSome(candidate, fields, free, 0, changed, types, expectedHash, tries)) {
                return Optional.of(fields);
            }
            if (tries[0] >= MAX_TRIES) {
                break;
            }
        }
        return Optional.empty();
    }

    private static double choose(int n, int k) {
        double c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
        }
        return c;
    }

    /** Changes {@code left} more of the fields from {@code from} on to other types; true when the hash matches. */
    private static boolean changeSome(ObjectNode candidate, ArrayNode fields, List<Integer> free, int from, int left,
            int types, String expectedHash, int[] tries) {
        if (left == 0) {
            return ++tries[0] <= MAX_TRIES && VersionLock.hash(candidate).equals(expectedHash);
        }
        for (int f = from; f <= free.size() - left && tries[0] < MAX_TRIES; f++) {
            ObjectNode field = (ObjectNode) fields.get(free.get(f));
            String own = field.path("type").asString();
            for (String type : CANDIDATES.subList(0, types)) {
                if (type.equals(own)) {
                    continue;
                }
                field.put("type", type);
                if (changeSome(candidate, fields, free, f + 1, left - 1, types, expectedHash, tries)) {
                    return true;
                }
            }
            field.put("type", own);
        }
        return false;
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
