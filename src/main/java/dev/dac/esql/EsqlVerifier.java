package dev.dac.esql;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.ElasticsearchTransport;
import dev.dac.cluster.RawEndpoint;
import dev.dac.fields.PatternMappings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks ES|QL queries on a real Elasticsearch: each query runs with {@code | LIMIT 0} (so no document is read),
 * and Elasticsearch's parser and analyser say whether it is valid and which columns it returns. On a node dac owns,
 * {@link #prepare} first creates an empty stand-in index for each FROM pattern, named from the pattern
 * ({@code logs-aws.cloudtrail-*} → {@code logs-aws.cloudtrail-dacverify-<run>}) and mapped as dac's field catalog
 * says; {@link #close} deletes them. On a cluster dac does not own it creates nothing: queries meet the indices
 * that cluster has.
 */
public final class EsqlVerifier implements AutoCloseable {

    /**
     * Field types a node may lack (the local node is built without the x-pack mapper modules), and the type that
     * stands in for each: the nearest one ES|QL reads the same way, or near enough for checking a query.
     */
    public static final Map<String, String> STAND_IN_TYPES = Map.ofEntries(
            Map.entry("match_only_text", "text"),
            Map.entry("semantic_text", "text"),
            Map.entry("search_as_you_type", "text"),
            Map.entry("annotated_text", "text"),
            Map.entry("wildcard", "keyword"),
            Map.entry("constant_keyword", "keyword"),
            Map.entry("counted_keyword", "keyword"),
            Map.entry("version", "keyword"),
            Map.entry("scaled_float", "double"),
            Map.entry("aggregate_metric_double", "double"),
            Map.entry("unsigned_long", "long"),
            Map.entry("token_count", "integer"),
            Map.entry("geo_shape", "geo_point"),
            Map.entry("shape", "geo_point"),
            Map.entry("point", "geo_point"));

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern MISSING_TYPE = Pattern.compile("type \\[([^\\]]+)\\]");
    private static final Pattern INVALID_INDEX_CHARACTERS = Pattern.compile("[\\\\/?\"<>| ,#:]");

    private final ElasticsearchTransport transport;
    private final PatternMappings mappings;
    private final boolean createsIndices;
    private final String marker;
    private final Set<String> lackingTypes = ConcurrentHashMap.newKeySet();
    private final Map<String, String> standIns = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final List<String> templated = new ArrayList<>();

    /**
     * {@code createsIndices} only for a node dac owns; {@code runId} makes the stand-in names of this run its own
     * (lower-case letters and digits).
     */
    public EsqlVerifier(ElasticsearchClient client, PatternMappings mappings, boolean createsIndices, String runId) {
        this.transport = client._transport();
        this.mappings = mappings;
        this.createsIndices = createsIndices;
        this.marker = "dacverify-" + runId;
    }

    /** The stand-in index for {@code pattern}, or null when no valid index name can be made from it. */
    String standInName(String pattern) {
        if (pattern.startsWith("-") || pattern.startsWith("<") || pattern.contains(":")) {
            return null; // an exclusion, date math, a remote cluster: nothing to create
        }
        String name = pattern.replace("*", marker);
        return validIndexName(name) ? name : null;
    }

    /**
     * True when no index can ever have a name {@code pattern} matches (upper case, a character index names may not
     * hold), after MetadataCreateIndexService.validateIndexOrAliasName; exclusions, date math and remote clusters
     * are not judged.
     */
    public static boolean namesNoIndex(String pattern) {
        if (pattern.startsWith("-") || pattern.startsWith("<") || pattern.contains(":")) {
            return false;
        }
        return !validIndexName(pattern.replace("*", "x"));
    }

    private static boolean validIndexName(String name) {
        boolean valid = name.equals(name.toLowerCase(Locale.ROOT)) && !INVALID_INDEX_CHARACTERS.matcher(name).find()
                && !name.startsWith("_") && !name.startsWith("+") && !name.equals(".") && !name.equals("..")
                && name.getBytes(StandardCharsets.UTF_8).length <= 255;
        return valid;
    }

    /**
     * Creates a stand-in index for each pattern that has none yet (only on a node dac owns); an index of that name
     * that already exists is used as it is and left alone. The stand-ins made, by pattern.
     */
    public Map<String, String> prepare(Collection<String> patterns) throws IOException {
        if (!createsIndices) {
            return Map.of();
        }
        if (standIns.isEmpty()) {
            probeTypes();
        }
        for (String pattern : new LinkedHashSet<>(patterns)) {
            String name = standInName(pattern);
            if (name == null || standIns.containsKey(pattern)) {
                continue;
            }
            if (create(name, pattern)) {
                synchronized (created) {
                    created.add(name);
                }
            }
            standIns.put(pattern, name);
        }
        return Map.copyOf(standIns);
    }

    /** The types this engine turned down while creating stand-ins, so their stand-in types were used. */
    public Set<String> lackingTypes() {
        return Set.copyOf(lackingTypes);
    }

    /**
     * Learns which stand-in types this engine lacks from a small index with one field of each, so the large
     * stand-ins are created at the first try.
     */
    private void probeTypes() throws IOException {
        String probe = marker + "-probe";
        for (int attempt = 0; attempt <= STAND_IN_TYPES.size(); attempt++) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode properties = body.putObject("mappings").putObject("properties");
            STAND_IN_TYPES.keySet().stream().sorted().forEach(type -> {
                ObjectNode field = properties.putObject("f_" + type);
                field.put("type", lackingTypes.contains(type) ? STAND_IN_TYPES.get(type) : type);
                if (type.equals("scaled_float") && !lackingTypes.contains(type)) {
                    field.put("scaling_factor", 1000);
                }
            });
            try {
                send("PUT", "/" + probe, JSON.writeValueAsString(body));
                send("DELETE", "/" + probe, null);
                return;
            } catch (ElasticsearchException e) {
                String reason = e.error() == null ? "" : String.valueOf(e.error().reason());
                Matcher missing = MISSING_TYPE.matcher(reason);
                if (!missing.find() || !lackingTypes.add(missing.group(1))) {
                    return; // another refusal: the real creation will say what it is
                }
            }
        }
    }

    private boolean create(String name, String pattern) throws IOException {
        // a node that lacks a type names it in its refusal; map it to its stand-in and try again
        for (int attempt = 0; attempt < STAND_IN_TYPES.size() + 5; attempt++) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode index = body.putObject("settings").putObject("index");
            index.put("number_of_shards", 1).put("number_of_replicas", 0);
            ObjectNode mapping = index.putObject("mapping");
            mapping.putObject("total_fields").put("limit", 100_000);
            mapping.putObject("depth").put("limit", 100);
            body.set("mappings", mappings.mapping(pattern,
                    type -> lackingTypes.contains(type) ? STAND_IN_TYPES.getOrDefault(type, "keyword") : type));
            try {
                send("PUT", "/" + name, JSON.writeValueAsString(body));
                return true;
            } catch (ElasticsearchException e) {
                String type = e.error() == null ? null : e.error().type();
                String reason = e.error() == null ? e.getMessage() : e.error().reason();
                if ("resource_already_exists_exception".equals(type)) {
                    return false;
                }
                if (reason != null && reason.contains("data stream") && !templated.contains(name)) {
                    // a full distribution's built-in logs-*-* template makes data streams only; a template of
                    // dac's own, for this one name and of the highest priority, makes it a plain index again
                    ObjectNode template = JSON.createObjectNode();
                    template.putArray("index_patterns").add(name);
                    template.put("priority", Integer.MAX_VALUE);
                    template.putObject("_meta").put("description", "dac validate stand-in; deleted after the run");
                    send("PUT", "/_index_template/" + name, JSON.writeValueAsString(template));
                    templated.add(name);
                    continue;
                }
                Matcher missing = MISSING_TYPE.matcher(reason == null ? "" : reason);
                if ("mapper_parsing_exception".equals(type) && missing.find() && lackingTypes.add(missing.group(1))) {
                    continue;
                }
                throw new IOException("could not create the stand-in index " + name + " for " + pattern + ": "
                        + reason);
            }
        }
        throw new IOException("could not create the stand-in index " + name + " for " + pattern
                + ": the engine kept refusing field types");
    }

    /** Runs {@code query} with {@code | LIMIT 0} appended on a line of its own, so line numbers stay the query's. */
    public EsqlVerdict verify(String query) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query + "\n| LIMIT 0");
        try {
            JsonNode answer = JSON.readTree(send("POST", "/_query?format=json", JSON.writeValueAsString(body)));
            List<EsqlVerdict.Column> columns = new ArrayList<>();
            answer.path("columns").forEach(c -> columns.add(new EsqlVerdict.Column(c.path("name").asString(""),
                    c.path("type").asString(""))));
            return new EsqlVerdict.Verified(columns);
        } catch (ElasticsearchException e) {
            String type = e.error() == null ? "" : e.error().type();
            String reason = e.error() == null ? e.getMessage() : e.error().reason();
            // a missing inference endpoint may come back as 404 resource_not_found_exception, not as a 400
            if (e.status() == 400 || reason != null && EsqlProblem.isAboutInferenceEndpoint(reason)) {
                return new EsqlVerdict.Refused(EsqlProblem.parse(type, reason));
            }
            return new EsqlVerdict.Failed("HTTP " + e.status() + " " + type + ": " + reason);
        } catch (IOException | RuntimeException e) {
            return new EsqlVerdict.Failed(e.getMessage());
        }
    }

    private byte[] send(String method, String path, String body) throws IOException {
        return RawEndpoint.send(transport, RawEndpoint.Request.of(method, path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Deletes the stand-in indices this verifier created; never any other. */
    @Override
    public void close() {
        List<String> names;
        synchronized (created) {
            names = List.copyOf(created);
            created.clear();
        }
        try {
            if (!names.isEmpty()) {
                send("DELETE", "/" + String.join(",", names) + "?ignore_unavailable=true", null);
            }
            for (String template : templated) {
                send("DELETE", "/_index_template/" + template, null);
            }
        } catch (IOException | RuntimeException e) {
            // the node may be gone (a local node stopped with the run); a live one keeps empty indices named as dac's
        }
    }
}
