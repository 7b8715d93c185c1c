package dev.dac.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles EQL samples: for each join key, one event per filter, in any order (Elasticsearch's
 * {@code sample by ...}; x-pack/plugin/eql .../execution/sample/). The first event of each filter for a key is kept;
 * an event fills only one filter of a sample (the first unfilled one it matches). Keys with a partial sample stay in
 * memory (bounded by the distinct keys); at most {@code limit} samples are returned, in the order they completed.
 */
public final class SampleMatcher {

    private final int filters;
    private final int limit;
    private final Map<JoinKey, EventHit[]> partial = new LinkedHashMap<>();
    private final Map<JoinKey, List<EventHit>> completed = new LinkedHashMap<>();

    public SampleMatcher(int filters, int limit) {
        this.filters = filters;
        this.limit = limit;
    }

    /** Feeds one event: the filters it meets and its key under each filter (null when a required key is null). */
    public void onEvent(EventHit event, List<Integer> matchedFilters, List<JoinKey> keys) {
        for (int filter : matchedFilters) {
            JoinKey key = keys.get(filter);
            if (key == null || completed.containsKey(key) || completed.size() >= limit) {
                continue;
            }
            EventHit[] slots = partial.computeIfAbsent(key, k -> new EventHit[filters]);
            if (slots[filter] != null || Arrays.asList(slots).contains(event)) {
                continue;
            }
            slots[filter] = event;
            if (Arrays.stream(slots).allMatch(java.util.Objects::nonNull)) {
                partial.remove(key);
                completed.put(key, List.of(slots));
            }
            return;
        }
    }

    public boolean wantsMore() {
        return completed.size() < limit;
    }

    public List<List<EventHit>> results() {
        return new ArrayList<>(completed.values());
    }
}
