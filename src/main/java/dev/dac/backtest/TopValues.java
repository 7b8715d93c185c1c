package dev.dac.backtest;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent values of a stream in bounded memory (the space-saving algorithm): at most {@link #CAPACITY}
 * values are counted; when a new value arrives with the table full, it takes the place of the least counted one and
 * inherits its count. Counts are exact while fewer distinct values than the capacity have been seen, else they are
 * upper bounds, and {@link #exact()} says so.
 */
final class TopValues {

    static final int CAPACITY = 10_000;

    private final Map<String, long[]> counts = new HashMap<>();
    private boolean exact = true;

    void add(String value) {
        long[] count = counts.get(value);
        if (count != null) {
            count[0]++;
            return;
        }
        if (counts.size() < CAPACITY) {
            counts.put(value, new long[] {1});
            return;
        }
        exact = false;
        Map.Entry<String, long[]> least = counts.entrySet().stream()
                .min(Comparator.comparingLong(e -> e.getValue()[0])).orElseThrow();
        counts.remove(least.getKey());
        counts.put(value, new long[] {least.getValue()[0] + 1});
    }

    /** The {@code n} most counted values, most first (ties by value), with their counts. */
    List<Map.Entry<String, Long>> top(int n) {
        return counts.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()[0]))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).toList();
    }

    boolean exact() {
        return exact;
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }
}
