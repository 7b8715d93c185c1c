package dev.dac.engine;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A composite aggregation over terms of {@code fields} (sources named f0, f1, ...), one page of {@code PAGE_SIZE}
 * buckets at a time, so the engine never holds more than a page of groups.
 */
final class CompositeAggregation {

    static final int PAGE_SIZE = 1000;

    private CompositeAggregation() {}

    /** Makes {@code aggregation} a composite over {@code fields}, starting after {@code after} (null: first page). */
    static ObjectNode over(ObjectNode aggregation, List<String> fields, JsonNode after) {
        ObjectNode composite = aggregation.putObject("composite");
        composite.put("size", PAGE_SIZE);
        ArrayNode sources = composite.putArray("sources");
        for (int i = 0; i < fields.size(); i++) {
            sources.addObject().putObject("f" + i).putObject("terms").put("field", fields.get(i));
        }
        if (after != null) {
            composite.set("after", after);
        }
        return aggregation;
    }

    /** The value of field {@code i} in a bucket's key. */
    static JsonNode key(JsonNode bucket, int i) {
        return bucket.path("key").path("f" + i);
    }
}
