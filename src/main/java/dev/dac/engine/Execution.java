package dev.dac.engine;

import java.time.Instant;

/** One run of rules: when it happens (the "now" of every date expression), in which Kibana space, against which cluster. */
public record Execution(Instant at, String space, ElasticsearchJson elasticsearch, String engineVersion) {

    public String alertsIndex() {
        return ".alerts-security.alerts-" + space;
    }
}
