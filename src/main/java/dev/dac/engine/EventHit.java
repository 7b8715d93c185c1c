package dev.dac.engine;

import tools.jackson.databind.JsonNode;

/** One source document a search returned: where it lives, its id and its source. */
public record EventHit(String index, String id, JsonNode source) {

    /** The hit as Elasticsearch writes it in a search or EQL answer ({@code _index}, {@code _id}, {@code _source}). */
    public static EventHit of(JsonNode hit) {
        return new EventHit(hit.path("_index").asString(), hit.path("_id").asString(), hit.path("_source"));
    }
}
