package dev.dac.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Alerts created over the backtest's range in a fixed number of buckets (bounded whatever the range), drawn as text. */
final class AlertHistogram {

    static final int BUCKETS = 24;
    private static final int WIDTH = 50;

    private final Instant from;
    private final Duration bucket;
    private final long[] counts = new long[BUCKETS];

    AlertHistogram(Instant from, Instant to) {
        this.from = from;
        long millis = Math.max(1, Duration.between(from, to).toMillis());
        this.bucket = Duration.ofMillis(Math.max(1, (millis + BUCKETS - 1) / BUCKETS));
    }

    void add(Instant at, long alerts) {
        int i = (int) Math.min(BUCKETS - 1, Math.max(0, Duration.between(from, at).toMillis() / bucket.toMillis()));
        counts[i] += alerts;
    }

    String draw() {
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < BUCKETS; i++) {
            int bar = max == 0 ? 0 : (int) Math.round((double) counts[i] * WIDTH / max);
            if (counts[i] > 0 && bar == 0) {
                bar = 1;
            }
            text.append(String.format(Locale.ROOT, "  %s  %s %d%n", from.plus(bucket.multipliedBy(i)),
                    "#".repeat(bar), counts[i]));
        }
        return text.toString();
    }
}
