package dev.dac.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Alert ids (kibana.alert.uuid, the alert document's _id) as Kibana's detection engine derives them, per rule type, so
 * an alert dac writes has the id Kibana would give it and a later execution over the same events finds it again.
 * Every recipe includes the space and the rule's saved-object id ({@code <space>:<rule uuid>}).
 */
public final class AlertIds {

    /** uuid v5 namespace of threshold bucket ids (threshold/utils.ts, calculateThresholdSignalUuid). */
    private static final UUID THRESHOLD_NAMESPACE = UUID.fromString("0684ec03-7201-4ee0-8ee0-3a3f6b2479b2");

    private final String spaceAndRule;

    public AlertIds(String space, String ruleUuid) {
        this.spaceAndRule = space + ":" + ruleUuid;
    }

    /**
     * An alert about one event (query, threshold and EQL event alerts): sha256 of index, id, version and
     * {@code space:rule} concatenated (wrap_hits.ts, generateId in utils/utils.ts). Kibana's searches do not ask for
     * versions, so the version is JavaScript's {@code String(undefined)}, "undefined", unless one is given.
     */
    public String forEvent(String index, String id, Long version) {
        return sha256(index + id + (version == null ? "undefined" : version.toString()) + spaceAndRule);
    }

    /**
     * A new terms alert: object-hash of [index, id, String(version), space:rule, the new term values]
     * (new_terms/wrap_new_terms_alerts.ts); the values keep their JSON types (a number hashes as a number).
     */
    public String forNewTerms(String index, String id, List<JsonNode> terms) {
        return ObjectHash.sha1(List.of(index, id, "undefined", spaceAndRule, new ArrayList<Object>(terms)));
    }

    /**
     * An alert about one document of a non-aggregating ES|QL query: object-hash of [_id, _version, _index,
     * space:rule] (esql/utils/generate_alert_id.ts). The version is the fetched source document's, which Kibana's
     * fetch does not request (fetch_source_documents.ts), so it hashes as undefined.
     */
    public String forEsqlDocument(String id, String index) {
        return ObjectHash.sha1(java.util.Arrays.asList(id, ObjectHash.UNDEFINED, index, spaceAndRule));
    }

    /**
     * An alert from row {@code row} (0-based, per page of results) of an aggregating ES|QL query: object-hash of
     * [window from + window to as ISO strings, the rule's query, space:rule, row] (esql/utils/generate_alert_id.ts),
     * so the same window gives the same ids and a later window new ones.
     */
    public String forEsqlRow(TimeRange window, String query, int row) {
        return ObjectHash.sha1(List.of(KibanaTime.iso(window.from()) + KibanaTime.iso(window.to()), query,
                spaceAndRule, row));
    }

    /**
     * A query alert suppressed per execution (query/alert_suppression/wrap_suppressed_alerts.ts): object-hash of
     * [index, id, String(version), space:rule, terms, start, end], the terms as {@code [{field, value}]} and the
     * group's first and last event times as Dates. The group's top hit carries no version, so "undefined".
     */
    public String forSuppressedGroup(String index, String id, JsonNode terms, Instant start, Instant end) {
        return ObjectHash.sha1(List.of(index, id, "undefined", spaceAndRule, terms, start, end));
    }

    /**
     * {@code kibana.alert.instance.id} of a suppressed alert (createSuppressedAlertInstanceId in
     * wrap_suppressed_alerts.ts, and the same recipe in the new terms and ES|QL wrappers): object-hash of
     * [terms, rule uuid, space], so every alert of a group, rule and space shares it.
     */
    public static String suppressedInstance(JsonNode terms, String ruleUuid, String space) {
        return ObjectHash.sha1(java.util.Arrays.asList(terms, ruleUuid, space));
    }

    /**
     * {@code kibana.alert.instance.id} of a suppressed threshold alert (wrap_suppressed_threshold_alerts.ts):
     * object-hash of [the group's values sorted, rule uuid, space].
     */
    public static String suppressedThresholdInstance(List<JsonNode> values, String ruleUuid, String space) {
        List<JsonNode> sorted = new ArrayList<>(values);
        // lodash sortBy: numbers by value, strings by code units; a threshold group's values share one type
        sorted.sort((a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue())
                : a.asString().compareTo(b.asString()));
        return ObjectHash.sha1(java.util.Arrays.asList(sorted, ruleUuid, space));
    }

    /**
     * The _id of the synthetic event a threshold bucket becomes (threshold/utils.ts, calculateThresholdSignalUuid):
     * uuid v5 of rule_id, the execution's start, the threshold fields joined by commas and the bucket's values sorted
     * and joined by commas. The alert id is then {@link #forEvent} of that event.
     */
    public static String thresholdBucketId(String ruleId, Instant startedAt, List<String> fields, List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null); // JavaScript's default sort compares strings by UTF-16 code units, as String.compareTo does
        return uuidV5(THRESHOLD_NAMESPACE, ruleId + KibanaTime.iso(startedAt) + String.join(",", fields)
                + String.join(",", sorted)).toString();
    }

    static UUID uuidV5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The hex sha256 of {@code text} as UTF-8, as node's crypto writes the digests of Kibana's id recipes. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
