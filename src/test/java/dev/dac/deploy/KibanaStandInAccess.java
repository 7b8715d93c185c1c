package dev.dac.deploy;

import java.net.URI;
import java.util.Set;

/** The Kibana stand-in for tests outside this package. */
public final class KibanaStandInAccess implements AutoCloseable {

    private final KibanaStandIn standIn;

    private KibanaStandInAccess(KibanaStandIn standIn) {
        this.standIn = standIn;
    }

    public static KibanaStandInAccess start(String apiKey, Set<String> spaces) throws Exception {
        return new KibanaStandInAccess(new KibanaStandIn(apiKey, spaces));
    }

    public URI url() {
        return standIn.url();
    }

    public int ruleCount(String space) {
        return standIn.rules(space).size();
    }

    /** How many requests reached the stand-in, of any kind (reads included). */
    public int requestCount() {
        return standIn.received().size();
    }

    public void latency(long millis) {
        standIn.latency(millis);
    }

    public void reject(String ruleId, String message) {
        standIn.reject(ruleId, message);
    }

    public void answerExportWith(String ndjson) {
        standIn.answerExportWith(ndjson);
    }

    /** The next request fails with an error message that echoes its headers, credentials included. */
    public void echoHeadersNext() {
        standIn.echoHeadersNext();
    }

    /** Keeps {@code rule} (an API body) in {@code space}, as if someone else had created it. */
    public void put(String space, tools.jackson.databind.node.ObjectNode rule) {
        standIn.put(space, rule);
    }

    @Override
    public void close() {
        standIn.close();
    }
}
