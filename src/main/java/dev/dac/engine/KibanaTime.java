package dev.dac.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as Kibana writes them into alerts: JavaScript's {@code Date.toISOString()}, always with milliseconds. */
final class KibanaTime {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private KibanaTime() {}

    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }
}
