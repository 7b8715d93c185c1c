package dev.dac.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One run of rules: when it happens (the "now" of every date expression), in which Kibana space, against which
 * cluster, and the alerts index it writes to (the space's, unless a backtest gives a scratch index of its own).
 */
public record Execution(Instant at, String space, ElasticsearchJson elasticsearch, String engineVersion,
        String alertsIndex) {

    public Execution(Instant at, String space, ElasticsearchJson elasticsearch, String engineVersion) {
        this(at, space, elasticsearch, engineVersion, spaceAlertsIndex(space));
    }

    /** The alerts index Kibana writes a space's alerts to. */
    public static String spaceAlertsIndex(String space) {
        return ".alerts-security.alerts-" + space;
    }

    /** The same execution at another instant (a catch-up window of a late run). */
    public Execution movedTo(Instant other) {
        return new Execution(other, space, elasticsearch, engineVersion, alertsIndex);
    }

    /** A clock stopped at the execution's now, for date math. */
    public Clock clock() {
        return Clock.fixed(at, ZoneOffset.UTC);
    }
}
