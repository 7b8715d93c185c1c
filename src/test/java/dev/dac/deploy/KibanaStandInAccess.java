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

    @Override
    public void close() {
        standIn.close();
    }
}
