package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.ExceptionEntry;
import dev.dac.rule.ExceptionItem;
import dev.dac.rule.ExceptionList;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Query DSL of exception items, clause for clause as Kibana's build_exception_filter.ts builds it (and as its
 * build_exception_filter.test.ts expects): the expected JSON below is written from that file.
 */
class ExceptionFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static ExceptionItem item(String id, List<String> osTypes, Instant expires, ExceptionEntry... entries) {
        return new ExceptionItem(id, "l", "single", id, osTypes, expires, List.of(entries), JSON.createObjectNode());
    }

    private static JsonNode clause(ExceptionItem... items) {
        ExceptionList list = new ExceptionList(Path.of("l.toml"), "l", "single", "detection", "L",
                JSON.createObjectNode(), List.of(items));
        return ExceptionFilter.of(List.of(list), NOW).clause().orElseThrow();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void oneEntryItemsAreTheirEntrysClauseAndItemsAreORed() {
        JsonNode built = clause(
                item("a", List.of(), null, new ExceptionEntry.Match("host.name", false, "h1")),
                item("b", List.of(), null, new ExceptionEntry.MatchAny("user.name", true, List.of("u1", "u2"))));
        assertThat(built).isEqualTo(json("""
                {"bool": {"should": [
                  {"bool": {"minimum_should_match": 1, "should": [{"match_phrase": {"host.name": "h1"}}]}},
                  {"bool": {"must_not": {"bool": {"minimum_should_match": 1, "should": [
                    {"bool": {"minimum_should_match": 1, "should": [{"match_phrase": {"user.name": "u1"}}]}},
                    {"bool": {"minimum_should_match": 1, "should": [{"match_phrase": {"user.name": "u2"}}]}}]}}}}
                ]}}"""));
    }

    @Test
    void severalEntriesAreANDedAndNestedFieldsArePrefixed() {
        JsonNode built = clause(item("a", List.of(), null,
                new ExceptionEntry.Wildcard("file.path", false, "/tmp/*.sh"),
                new ExceptionEntry.Exists("process.parent.name", true),
                new ExceptionEntry.Nested("process.parent.Ext.code_signature", List.of(
                        new ExceptionEntry.Match("trusted", false, "true")))));
        assertThat(built).isEqualTo(json("""
                {"bool": {"should": [{"bool": {"filter": [
                  {"bool": {"filter": {"wildcard": {"file.path": "/tmp/*.sh"}}}},
                  {"bool": {"must_not": {"bool": {"minimum_should_match": 1, "should": [
                    {"exists": {"field": "process.parent.name"}}]}}}},
                  {"nested": {"path": "process.parent.Ext.code_signature", "score_mode": "none", "query":
                    {"bool": {"minimum_should_match": 1, "should": [
                      {"match_phrase": {"process.parent.Ext.code_signature.trusted": "true"}}]}}}}
                ]}}]}}"""));
    }

    @Test
    void osTypesGiveOneClausePerSystemOnBothOsFieldsAndExpiredOrValueListItemsAreLeftOut() {
        JsonNode built = clause(
                item("os", List.of("windows"), null, new ExceptionEntry.Match("user.name", false, "ops")),
                item("expired", List.of(), Instant.parse("2026-01-01T00:00:00Z"),
                        new ExceptionEntry.Match("user.name", false, "gone")),
                item("still", List.of(), Instant.parse("2027-01-01T00:00:00Z"),
                        new ExceptionEntry.Match("user.name", false, "kept")),
                item("listed", List.of(), null, new ExceptionEntry.ValueList("source.ip", false, "ips", "ip")));
        assertThat(built.path("bool").path("should")).hasSize(3);
        assertThat(built.path("bool").path("should").get(0)).isEqualTo(json("""
                {"bool": {"filter": [
                  {"bool": {"minimum_should_match": 1, "should": [{"match_phrase": {"host.os.type": "windows"}}]}},
                  {"bool": {"minimum_should_match": 1, "should": [{"match_phrase": {"user.name": "ops"}}]}}]}}"""));
        assertThat(built.path("bool").path("should").get(1).toString()).contains("host.os.name.caseless");
        assertThat(built.toString()).contains("kept").doesNotContain("gone").doesNotContain("source.ip");
    }

    @Test
    void noItemThatAppliesAddsNothingToTheQuery() {
        ObjectNode bool = JSON.createObjectNode();
        ExceptionFilter.of(List.of(), NOW).excludeFrom(bool);
        assertThat(bool.isEmpty()).isTrue();
    }
}
