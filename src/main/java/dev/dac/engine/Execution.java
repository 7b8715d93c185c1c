package dev.dac.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** One run of rules: when it happens (the "now" of every date expression), in which Kibana space, against which cluster. */
public record Execution(Instant at, String space, ElasticsearchJson elasticsearch, String engineVersion) {

    /** A clock stopped at the execution's now, for date math. */
    public Clock clock() {
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    public String alertsIndex() {
        return ".alerts-security.alerts-" + space;
    }
}
