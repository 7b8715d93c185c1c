package dev.dac.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents of a query in EQL order (timestamp in nanoseconds, tiebreaker, then place in a point in time),
 * fetched a page at a time with search_after so only one page is in memory. Each hit carries the names of the named
 * queries it matched, which tell the EQL executor which steps of a sequence it may fill.
 */
final class OrderedHits implements AutoCloseable {

    /** One hit: where it stands, the document, and the named queries it matched. */
    record Hit(Ordinal ordinal, EventHit event, List<String> matched) {}

    static final int PAGE = 1000;

    private final ElasticsearchJson elasticsearch;
    private final ObjectNode body;
    private String pit;
    private JsonNode searchAfter;
    private boolean exhausted;

    /**
     * Opens a point in time on {@code indices} for {@code query}, sorted on {@code timestampField} then
     * {@code tiebreakerField} (null when the rule has none). No index at all means no hits.
     */
    OrderedHits(ElasticsearchJson elasticsearch, List<String> indices, ObjectNode query, String timestampField,
            String tiebreakerField) throws IOException {
        this.elasticsearch = elasticsearch;
        this.body = ElasticsearchJson.mapper().createObjectNode();
        body.put("size", PAGE);
        body.set("query", query);
        body.put("track_total_hits", false);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject(timestampField).put("order", "asc").put("numeric_type", "date_nanos")
                .put("unmapped_type", "date");
        if (tiebreakerField != null) {
            sort.addObject().putObject(tiebreakerField).put("order", "asc").put("missing", "_last")
                    .put("unmapped_type", "long");
        }
        sort.addObject().putObject("_shard_doc").put("order", "asc");
        try {
            pit = elasticsearch.send("POST", "/" + String.join(",", indices)
                    + "/_pit?keep_alive=2m&ignore_unavailable=true", null).path("id").asString(null);
        } catch (ElasticsearchJson.RequestFailed e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        exhausted = pit == null;
    }

    /** The search as sent for the first page (shown when a case fails). */
    String request() {
        ObjectNode shown = body.deepCopy();
        shown.remove("pit");
        return shown.toString();
    }

    /** The next page, empty when there are no more hits. */
    List<Hit> next() throws IOException {
        if (exhausted) {
            return List.of();
        }
        ObjectNode page = body.deepCopy();
        page.putObject("pit").put("id", pit).put("keep_alive", "2m");
        if (searchAfter != null) {
            page.set("search_after", searchAfter);
        }
        JsonNode response = elasticsearch.send("POST", "/_search", page);
        String newPit = response.path("pit_id").asString(null);
        if (newPit != null) {
            pit = newPit;
        }
        List<Hit> hits = new ArrayList<>();
        boolean tiebreaker = body.path("sort").size() == 3;
        for (JsonNode hit : response.path("hits").path("hits")) {
            JsonNode sort = hit.path("sort");
            Ordinal ordinal = new Ordinal(sort.path(0).asLong(), tiebreaker ? sort.path(1) : null,
                    sort.path(sort.size() - 1).asLong());
            List<String> matched = new ArrayList<>();
            hit.path("matched_queries").forEach(q -> matched.add(q.asString()));
            hits.add(new Hit(ordinal, EventHit.of(hit), matched));
            searchAfter = sort;
        }
        if (hits.size() < PAGE) {
            exhausted = true;
        }
        return hits;
    }

    @Override
    public void close() throws IOException {
        if (pit != null) {
            ObjectNode id = ElasticsearchJson.mapper().createObjectNode().put("id", pit);
            elasticsearch.send("DELETE", "/_pit", id);
            pit = null;
        }
    }
}
