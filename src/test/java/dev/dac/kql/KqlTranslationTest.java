package dev.dac.kql;

import dev.dac.fields.FieldMap;

import static dev.dac.kql.Dsl.MATCH_ALL;
import static dev.dac.kql.Dsl.dateIs;
import static dev.dac.kql.Dsl.dateRange;
import static dev.dac.kql.Dsl.exists;
import static dev.dac.kql.Dsl.fieldlessWildcard;
import static dev.dac.kql.Dsl.filter;
import static dev.dac.kql.Dsl.match;
import static dev.dac.kql.Dsl.matchRaw;
import static dev.dac.kql.Dsl.multiMatch;
import static dev.dac.kql.Dsl.mustNot;
import static dev.dac.kql.Dsl.nested;
import static dev.dac.kql.Dsl.phrase;
import static dev.dac.kql.Dsl.queryString;
import static dev.dac.kql.Dsl.range;
import static dev.dac.kql.Dsl.should;
import static dev.dac.kql.Dsl.term;
import static dev.dac.kql.Dsl.termRaw;
import static dev.dac.kql.Dsl.wildcard;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KQL → Query DSL, case by case, with the field map of {@link TestFields} and without any. */
class KqlTranslationTest {

    static Stream<Arguments> mapped() {
        return Stream.of(
                // empty and match-all
                Arguments.of("", MATCH_ALL),
                Arguments.of("   ", MATCH_ALL),
                Arguments.of("*:*", MATCH_ALL),
                Arguments.of(" *:* ", MATCH_ALL),
                // keyword: term; text: match; quoted: match_phrase on text, term on keyword
                Arguments.of("event.outcome: success", term("event.outcome", "success")),
                Arguments.of("event.outcome:success", term("event.outcome", "success")),
                Arguments.of("event.outcome : success", term("event.outcome", "success")),
                Arguments.of("event.outcome: \"success\"", term("event.outcome", "success")),
                Arguments.of("message: hello", match("message", "hello")),
                Arguments.of("message: hello world", match("message", "hello world")),
                Arguments.of("message: \"hello world\"", phrase("message", "hello world")),
                Arguments.of("user.name: alice", term("user.name", "alice")),
                Arguments.of("user.name.text: alice", match("user.name.text", "alice")),
                Arguments.of("tags: \"Rule Type: Higher-Order Rule\"", term("tags", "Rule Type: Higher-Order Rule")),
                // numbers, ips, booleans and null stay as the literal kuery gives
                Arguments.of("bytes: 100", match("bytes", "100")),
                Arguments.of("ratio: 0.5", match("ratio", "0.5")),
                Arguments.of("source.ip: 10.0.0.1", match("source.ip", "10.0.0.1")),
                Arguments.of("source.ip: \"10.0.0.0/8\"", phrase("source.ip", "10.0.0.0/8")),
                Arguments.of("flag: true", matchRaw("flag", "true")),
                Arguments.of("flag: false", matchRaw("flag", "false")),
                Arguments.of("flag: \"true\"", phrase("flag", "true")),
                Arguments.of("event.outcome: true", termRaw("event.outcome", "true")),
                Arguments.of("event.outcome: null", termRaw("event.outcome", "null")),
                Arguments.of("message: null", matchRaw("message", "null")),
                Arguments.of("event.outcome: \"null\"", term("event.outcome", "null")),
                // exists
                Arguments.of("source.ip: *", exists("source.ip")),
                Arguments.of("source.ip:*", exists("source.ip")),
                Arguments.of("message: *", exists("message")),
                Arguments.of("unknown.field: *", exists("unknown.field")),
                // wildcards: wildcard on keyword, query_string elsewhere, query_string escaping
                Arguments.of("event.action: Get*", wildcard("event.action", "Get*")),
                Arguments.of("event.action: *Bucket*", wildcard("event.action", "*Bucket*")),
                Arguments.of("event.action: *Policy", wildcard("event.action", "*Policy")),
                Arguments.of("event.action: Get*Policy", wildcard("event.action", "Get*Policy")),
                Arguments.of("event.action: a-b*", wildcard("event.action", "a\\-b*")),
                Arguments.of("event.action: a/b*", wildcard("event.action", "a\\/b*")),
                Arguments.of("event.action: a\\:b*", wildcard("event.action", "a\\:b*")),
                Arguments.of("event.action: **", wildcard("event.action", "**")),
                Arguments.of("message: hel*", queryString("message", "hel*")),
                Arguments.of("message: he?l*", queryString("message", "he\\?l*")),
                Arguments.of("message: \"hel*\"", phrase("message", "hel*")),
                Arguments.of("event.action: \\*", term("event.action", "*")),
                Arguments.of("event.action: a\\*b", term("event.action", "a*b")),
                Arguments.of("unknown.field: x*", queryString("unknown.field", "x*")),
                // ranges, with the detection engine's time zone on dates (not on epoch values)
                Arguments.of("bytes > 100", range("bytes", "gt", "100")),
                Arguments.of("bytes >= 100", range("bytes", "gte", "100")),
                Arguments.of("bytes < 100", range("bytes", "lt", "100")),
                Arguments.of("bytes <= 100", range("bytes", "lte", "100")),
                Arguments.of("bytes<=100", range("bytes", "lte", "100")),
                Arguments.of("source.ip < 10.0.0.255", range("source.ip", "lt", "10.0.0.255")),
                Arguments.of("event.outcome > m", range("event.outcome", "gt", "m")),
                Arguments.of("@timestamp > \"2026-01-01\"", dateRange("@timestamp", "gt", "2026-01-01")),
                Arguments.of("@timestamp >= now-1d", dateRange("@timestamp", "gte", "now-1d")),
                Arguments.of("@timestamp < 1700000000000", range("@timestamp", "lt", "1700000000000")),
                Arguments.of("@timestamp: 2026-01-01", dateIs("@timestamp", "2026-01-01")),
                Arguments.of("@timestamp: \"2026-01-01T10:00:00Z\"", dateIs("@timestamp", "2026-01-01T10:00:00Z")),
                Arguments.of("@timestamp: 1700000000000", should("{\"range\":{\"@timestamp\":{\"gte\":\"1700000000000\","
                        + "\"lte\":\"1700000000000\"}}}")),
                Arguments.of("unknown > 5", range("unknown", "gt", "5")),
                // boolean operators and precedence: NOT > AND > OR, keywords in any case
                Arguments.of("a: 1 and b: 2", filter(match("a", "1"), match("b", "2"))),
                Arguments.of("a: 1 AND b: 2", filter(match("a", "1"), match("b", "2"))),
                Arguments.of("a: 1 And b: 2 aNd c: 3", filter(match("a", "1"), match("b", "2"), match("c", "3"))),
                Arguments.of("a: 1 or b: 2", should(match("a", "1"), match("b", "2"))),
                Arguments.of("a: 1 OR b: 2 or c: 3", should(match("a", "1"), match("b", "2"), match("c", "3"))),
                Arguments.of("not a: 1", mustNot(match("a", "1"))),
                Arguments.of("NOT a: 1", mustNot(match("a", "1"))),
                Arguments.of("a: 1 or b: 2 and c: 3", should(match("a", "1"), filter(match("b", "2"), match("c", "3")))),
                Arguments.of("a: 1 and b: 2 or c: 3", should(filter(match("a", "1"), match("b", "2")), match("c", "3"))),
                Arguments.of("not a: 1 and b: 2", filter(mustNot(match("a", "1")), match("b", "2"))),
                Arguments.of("not a: 1 or b: 2", should(mustNot(match("a", "1")), match("b", "2"))),
                Arguments.of("not (a: 1 or b: 2)", mustNot(should(match("a", "1"), match("b", "2")))),
                Arguments.of("(a: 1 or b: 2) and c: 3", filter(should(match("a", "1"), match("b", "2")), match("c", "3"))),
                Arguments.of("((a: 1))", match("a", "1")),
                Arguments.of("( a: 1 )", match("a", "1")),
                Arguments.of("a: 1 and not b: 2 and not c: 3",
                        filter(match("a", "1"), mustNot(match("b", "2")), mustNot(match("c", "3")))),
                Arguments.of("a: 1\nand\tb: 2", filter(match("a", "1"), match("b", "2"))),
                // value lists
                Arguments.of("event.outcome: (success or failure)",
                        should(term("event.outcome", "success"), term("event.outcome", "failure"))),
                Arguments.of("event.outcome: (success and failure)",
                        filter(term("event.outcome", "success"), term("event.outcome", "failure"))),
                Arguments.of("event.outcome: (not success)", mustNot(term("event.outcome", "success"))),
                Arguments.of("event.outcome: (a or b and c)", should(term("event.outcome", "a"),
                        filter(term("event.outcome", "b"), term("event.outcome", "c")))),
                Arguments.of("event.outcome: ((a or b) and c)", filter(should(term("event.outcome", "a"),
                        term("event.outcome", "b")), term("event.outcome", "c"))),
                Arguments.of("event.outcome: (\"a b\" or c*)", should(term("event.outcome", "a b"),
                        wildcard("event.outcome", "c*"))),
                Arguments.of("tags: (x)", term("tags", "x")),
                // fieldless terms
                Arguments.of("hello", multiMatch("hello", false)),
                Arguments.of("hello world", multiMatch("hello world", false)),
                Arguments.of("\"hello world\"", multiMatch("hello world", true)),
                Arguments.of("hel*", fieldlessWildcard("hel*")),
                Arguments.of("*", fieldlessWildcard("*")),
                Arguments.of("a: 1 and hello", filter(match("a", "1"), multiMatch("hello", false))),
                // nested
                Arguments.of("items: { name: a }", nested("items", term("items.name", "a"))),
                Arguments.of("items:{name:a and count > 2}", nested("items", filter(term("items.name", "a"),
                        range("items.count", "gt", "2")))),
                Arguments.of("items: { parts: { id: x } }", nested("items", nested("items.parts",
                        term("items.parts.id", "x")))),
                Arguments.of("items: { name: * }", nested("items", exists("items.name"))),
                Arguments.of("not items: { name: a }", mustNot(nested("items", term("items.name", "a")))),
                // wildcard field names: every matching field, nested ones wrapped
                Arguments.of("event.*: success", should("{\"term\":{\"event.outcome\":{\"value\":\"success\"}}}",
                        "{\"term\":{\"event.action\":{\"value\":\"success\"}}}")),
                Arguments.of("source.*: *", should("{\"exists\":{\"field\":\"source.ip\"}}",
                        "{\"exists\":{\"field\":\"source.port\"}}")),
                Arguments.of("items.na*: a", should(nested("items", "{\"term\":{\"items.name\":{\"value\":\"a\"}}}"))),
                Arguments.of("nothing.*: a", match("nothing.*", "a")),
                // escapes and quoting
                Arguments.of("event.action: a\\(b\\)", term("event.action", "a(b)")),
                Arguments.of("event.action: a\\:b", term("event.action", "a:b")),
                Arguments.of("event.action: \\\"x\\\"", term("event.action", "\"x\"")),
                Arguments.of("event.action: a\\<b\\>c", term("event.action", "a<b>c")),
                Arguments.of("event.action: \\{x\\}", term("event.action", "{x}")),
                Arguments.of("event.action: a\\\\b", term("event.action", "a\\b")),
                Arguments.of("event.action: \\or", term("event.action", "or")),
                Arguments.of("event.action: \\AND", term("event.action", "AND")),
                // \n is an escaped newline before it can be an escaped keyword, as in Kibana's grammar
                Arguments.of("event.action: x \\not y", term("event.action", "x \not y")),
                Arguments.of("event.action: x \\Not y", term("event.action", "x Not y")),
                Arguments.of("event.action: tab\\there", term("event.action", "tab\there")),
                Arguments.of("event.action: \\u0041BC", term("event.action", "ABC")),
                Arguments.of("event.action: \"quote \\\" inside\"", term("event.action", "quote \" inside")),
                Arguments.of("event.action: \"back\\\\slash\"", term("event.action", "back\\slash")),
                Arguments.of("event.action: \"and or not\"", term("event.action", "and or not")),
                Arguments.of("event.action: \"(a:b)\"", term("event.action", "(a:b)")),
                Arguments.of("event.action: \"new\\nline\"", term("event.action", "new\nline")),
                Arguments.of("\"event.action\": x", term("event.action", "x")),
                Arguments.of("event.action: orange", term("event.action", "orange")),
                Arguments.of("event.action: android", term("event.action", "android")),
                Arguments.of("event.action: nothing", term("event.action", "nothing")),
                // keywords need whitespace on both sides; otherwise they are text, as in Kibana
                Arguments.of("a: b or", match("a", "b or")),
                Arguments.of("a: b and", match("a", "b and")),
                Arguments.of("and a: b", match("and a", "b")),
                Arguments.of("or", multiMatch("or", false)),
                Arguments.of("not", multiMatch("not", false)),
                Arguments.of("a: b and or c: d", filter(match("a", "b"), match("or c", "d"))),
                Arguments.of("a: b or or", should(match("a", "b"), multiMatch("or", false))),
                Arguments.of("a: b and not", filter(match("a", "b"), multiMatch("not", false))),
                Arguments.of("a: {b: c}", nested("a", match("a.b", "c"))),
                // the seed rule's query
                Arguments.of("event.dataset: \"aws.cloudtrail\"\nand event.outcome: \"success\"\nand source.ip:*\n"
                        + "and aws.cloudtrail.user_identity.access_key_id: AKIA*",
                        filter(phrase("event.dataset", "aws.cloudtrail"), term("event.outcome", "success"),
                                exists("source.ip"), queryString("aws.cloudtrail.user_identity.access_key_id",
                                        "AKIA*"))))
                .filter(a -> a.get()[1] != null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("mapped")
    void translatesLikeKibana(String query, String expected) throws Exception {
        assertThat(new KqlTranslator(TestFields.MAP).translate(KqlParser.parse(query)))
                .isEqualTo(Dsl.parse(expected));
    }

    static Stream<Arguments> unmapped() {
        return Stream.of(
                Arguments.of("event.outcome: success", match("event.outcome", "success")),
                Arguments.of("event.outcome: \"success\"", phrase("event.outcome", "success")),
                Arguments.of("event.action: Get*", queryString("event.action", "Get*")),
                Arguments.of("@timestamp > now-1d", range("@timestamp", "gt", "now-1d")),
                Arguments.of("@timestamp: 2026-01-01", match("@timestamp", "2026-01-01")),
                Arguments.of("source.ip: *", exists("source.ip")),
                Arguments.of("items: { name: a }", nested("items", match("items.name", "a"))),
                Arguments.of("x.*: y", match("x.*", "y")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unmapped")
    void withoutAFieldMapNamesAreUsedAsTheyAre(String query, String expected) throws Exception {
        assertThat(new KqlTranslator(FieldMap.EMPTY).translate(KqlParser.parse(query)))
                .isEqualTo(Dsl.parse(expected));
    }
}
