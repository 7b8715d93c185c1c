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

    /** From now on Kibana refuses every exception item write with a 500 saying {@code message}. */
    public void failExceptionItemWrites(String message) {
        standIn.exceptionLists().failItemWrites(message);
    }

    /** Creates exception list {@code container} with {@code items} in {@code space}, through Kibana's API. */
    public void createExceptionList(String space, tools.jackson.databind.node.ObjectNode container,
            java.util.List<tools.jackson.databind.node.ObjectNode> items) {
        standIn.exceptionLists().create(space, container, items);
    }

    /**
     * From now on Kibana answers every exception list API {@code request} ("GET /api/exception_lists", say) with
     * {@code status} and {@code body}.
     */
    public void answerExceptionRequestWith(String request, int status, tools.jackson.databind.JsonNode body) {
        standIn.exceptionLists().answerWith(request, status, body);
    }

    /** How many items exception list {@code listId} (namespace single) holds in {@code space}. */
    public int exceptionItemCount(String space, String listId) {
        return standIn.exceptionLists().items(space, listId).size();
    }

    /** The id Kibana gave exception list {@code listId} (namespace single) in {@code space}, or null. */
    public String exceptionListId(String space, String listId) {
        var list = standIn.exceptionLists().list(space, listId);
        return list == null ? null : list.path("id").asString();
    }

    /** The rule {@code ruleId} as stored in {@code space}, or null. */
    public tools.jackson.databind.node.ObjectNode rule(String space, String ruleId) {
        return standIn.rules(space).get(ruleId);
    }

    @Override
    public void close() {
        standIn.close();
    }
}
