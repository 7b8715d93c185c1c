package dev.dac.kql;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Expected Query DSL for the translation table, spelled out clause by clause as Kibana's kuery produces it (each
 * field clause inside a bool.should with minimum_should_match 1).
 */
final class Dsl {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Dsl() {}

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    static String q(String value) {
        return JSON.writeValueAsString(value);
    }

    static String should(String... clauses) {
        return "{\"bool\":{\"should\":[" + String.join(",", clauses) + "],\"minimum_should_match\":1}}";
    }

    static String filter(String... clauses) {
        return "{\"bool\":{\"filter\":[" + String.join(",", clauses) + "]}}";
    }

    static String mustNot(String clause) {
        return "{\"bool\":{\"must_not\":" + clause + "}}";
    }

    static String term(String field, String value) {
        return should("{\"term\":{" + q(field) + ":{\"value\":" + q(value) + "}}}");
    }

    static String termRaw(String field, String jsonValue) {
        return should("{\"term\":{" + q(field) + ":{\"value\":" + jsonValue + "}}}");
    }

    static String match(String field, String value) {
        return should("{\"match\":{" + q(field) + ":" + q(value) + "}}");
    }

    static String matchRaw(String field, String jsonValue) {
        return should("{\"match\":{" + q(field) + ":" + jsonValue + "}}");
    }

    static String phrase(String field, String value) {
        return should("{\"match_phrase\":{" + q(field) + ":" + q(value) + "}}");
    }

    static String exists(String field) {
        return should("{\"exists\":{\"field\":" + q(field) + "}}");
    }

    static String wildcard(String field, String pattern) {
        return should("{\"wildcard\":{" + q(field) + ":{\"value\":" + q(pattern) + "}}}");
    }

    static String queryString(String field, String pattern) {
        return should("{\"query_string\":{\"fields\":[" + q(field) + "],\"query\":" + q(pattern) + "}}");
    }

    static String range(String field, String op, String value) {
        return should("{\"range\":{" + q(field) + ":{" + q(op) + ":" + q(value) + "}}}");
    }

    static String dateRange(String field, String op, String value) {
        return should("{\"range\":{" + q(field) + ":{" + q(op) + ":" + q(value) + ",\"time_zone\":\"Zulu\"}}}");
    }

    static String dateIs(String field, String value) {
        return should("{\"range\":{" + q(field) + ":{\"gte\":" + q(value) + ",\"lte\":" + q(value)
                + ",\"time_zone\":\"Zulu\"}}}");
    }

    static String nested(String path, String query) {
        return "{\"nested\":{\"path\":" + q(path) + ",\"query\":" + query + ",\"score_mode\":\"none\"}}";
    }

    static String multiMatch(String value, boolean phrase) {
        return "{\"multi_match\":{\"type\":\"" + (phrase ? "phrase" : "best_fields") + "\",\"query\":" + q(value)
                + ",\"lenient\":true}}";
    }

    static String fieldlessWildcard(String pattern) {
        return "{\"query_string\":{\"query\":" + q(pattern) + "}}";
    }

    static final String MATCH_ALL = "{\"match_all\":{}}";
}
