package dev.dac.kql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rule's {@code filters} (Kibana's query bar filters) added to its query as Kibana adds them
 * (rule_types/utils/get_query_filter.ts calling @kbn/es-query's buildEsQuery; es_query/from_filters.ts,
 * migrate_filter.ts, from_combined_filter.ts): disabled filters ({@code meta.disabled}) are dropped, negated ones
 * ({@code meta.negate}) must not match, the others must; a filter's {@code query} is its clause, and a filter written
 * without one ({@code exists}, {@code range}, {@code match_all} or any other clause at its top level) has that clause
 * moved under it; a deprecated {@code match} of type phrase becomes {@code match_phrase}; {@code meta.type =
 * "combined"} joins {@code meta.params} with {@code meta.relation} AND or OR. Not done: the nested wrapping Kibana adds
 * for a filter on a field of nested type.
 */
public final class QueryFilters {

    /** A filter that cannot become a query clause, with where it is and what is wrong. */
    public static final class InvalidFilterException extends Exception {
        InvalidFilterException(String message) {
            super(message);
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<JsonNode> filters;

    public QueryFilters(List<JsonNode> filters) {
        this.filters = List.copyOf(filters);
    }

    /** The query with the filters around it; the query itself when no filter is enabled. */
    public ObjectNode around(ObjectNode query) throws InvalidFilterException {
        Bool bool = bool(filters, "filters");
        if (bool.filter().isEmpty() && bool.mustNot().isEmpty()) {
            return query;
        }
        ObjectNode combined = JSON.objectNode();
        ObjectNode inner = combined.putObject("bool");
        ArrayNode filter = inner.putArray("filter").add(query);
        bool.filter().forEach(filter::add);
        if (!bool.mustNot().isEmpty()) {
            ArrayNode mustNot = inner.putArray("must_not");
            bool.mustNot().forEach(mustNot::add);
        }
        return combined;
    }

    /** Why a filter cannot become a query clause, for validation: the first problem found, if any. */
    public Optional<String> problem() {
        try {
            bool(filters, "filters");
            return Optional.empty();
        } catch (InvalidFilterException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** from_filters.ts buildQueryFromFilters: enabled filters split by negate. */
    private record Bool(List<ObjectNode> filter, List<ObjectNode> mustNot) {
        ObjectNode toQuery() {
            ObjectNode query = JSON.objectNode();
            ObjectNode bool = query.putObject("bool");
            bool.putArray("must");
            ArrayNode f = bool.putArray("filter");
            filter.forEach(f::add);
            bool.putArray("should");
            ArrayNode n = bool.putArray("must_not");
            mustNot.forEach(n::add);
            return query;
        }
    }

    private static Bool bool(List<JsonNode> filters, String where) throws InvalidFilterException {
        List<ObjectNode> filter = new ArrayList<>();
        List<ObjectNode> mustNot = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            JsonNode f = filters.get(i);
            String at = where + "[" + i + "]";
            if (!f.isObject()) {
                throw new InvalidFilterException(at + " is not a table; a filter is a table with meta and query");
            }
            if (f.path("meta").path("disabled").asBoolean(false)) {
                continue;
            }
            ObjectNode clause = toQuery((ObjectNode) f, at);
            if (f.path("meta").path("negate").asBoolean(false)) {
                mustNot.add(clause);
            } else {
                filter.add(clause);
            }
        }
        return new Bool(filter, mustNot);
    }

    /** filterToQueryDsl: migrate, combine, drop meta and $state, take the query. */
    private static ObjectNode toQuery(ObjectNode filter, String at) throws InvalidFilterException {
        JsonNode meta = filter.path("meta");
        if ("combined".equals(meta.path("type").asString(""))) {
            List<JsonNode> params = new ArrayList<>();
            meta.path("params").forEach(params::add);
            if (params.isEmpty()) {
                throw new InvalidFilterException(at + " is a combined filter without meta.params");
            }
            if ("AND".equals(meta.path("relation").asString(""))) {
                return bool(params, at + ".meta.params").toQuery();
            }
            ObjectNode query = JSON.objectNode();
            ObjectNode or = query.putObject("bool");
            ArrayNode should = or.putArray("should");
            for (int i = 0; i < params.size(); i++) {
                should.add(bool(List.of(params.get(i)), at + ".meta.params[" + i + "]").toQuery());
            }
            or.put("minimum_should_match", 1);
            return query;
        }
        Optional<ObjectNode> phrase = deprecatedMatchPhrase(filter);
        if (phrase.isPresent()) {
            return phrase.get();
        }
        ObjectNode query;
        if (filter.has("query")) {
            // migrate_filter.ts keeps only meta, query and $state when query is there
            if (!filter.get("query").isObject()) {
                throw new InvalidFilterException(at + ".query is not a table of Query DSL");
            }
            query = ((ObjectNode) filter.get("query")).deepCopy();
        } else {
            query = JSON.objectNode();
            filter.properties().forEach(e -> {
                if (!e.getKey().equals("meta") && !e.getKey().equals("$state")) {
                    query.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
        if (query.isEmpty()) {
            throw new InvalidFilterException(at + " has no query clause (query.match_phrase, exists, range, ...);"
                    + " Elasticsearch refuses an empty clause");
        }
        return query;
    }

    /** A {@code match} (top level or under query) whose field has {@code type = "phrase"}: a match_phrase. */
    private static Optional<ObjectNode> deprecatedMatchPhrase(ObjectNode filter) {
        JsonNode match = filter.has("match") ? filter.get("match") : filter.path("query").path("match");
        if (!match.isObject() || match.isEmpty()) {
            return Optional.empty();
        }
        String field = match.propertyNames().iterator().next();
        JsonNode params = match.get(field);
        if (!params.isObject() || !"phrase".equals(params.path("type").asString(""))) {
            return Optional.empty();
        }
        ObjectNode copy = ((ObjectNode) params).deepCopy();
        copy.remove("type");
        ObjectNode query = JSON.objectNode();
        query.putObject("match_phrase").set(field, copy);
        return Optional.of(query);
    }
}
