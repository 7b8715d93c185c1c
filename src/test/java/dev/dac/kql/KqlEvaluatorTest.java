package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Whether one document matches, with the semantics of the translated Query DSL. */
class KqlEvaluatorTest {

    /** A month after the document's timestamp. */
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-04-15T10:30:00Z"), ZoneOffset.UTC);

    private static final String DOC = """
            {"@timestamp": "2026-03-15T10:30:00.000Z",
             "event": {"outcome": "success", "action": "GetBucketPolicy"},
             "message": "User Alice logged in from the VPN gateway",
             "source.ip": "10.1.2.3",
             "source": {"port": 443},
             "bytes": 1500, "ratio": 0.25, "flag": true,
             "user": {"name": "Alice"},
             "tags": ["Rule Type: Higher-Order Rule", "Domain: Cloud"],
             "items": [{"name": "a", "count": 1}, {"name": "b", "count": 5}],
             "unmapped": "here"}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("", true),
                Arguments.of("*:*", true),
                Arguments.of("event.outcome: success", true),
                Arguments.of("event.outcome: Success", false),
                Arguments.of("event.outcome: succ", false),
                Arguments.of("event.outcome: (failure or success)", true),
                Arguments.of("event.outcome: (failure and success)", false),
                Arguments.of("event.action: Get*", true),
                Arguments.of("event.action: get*", false),
                Arguments.of("event.action: *Policy", true),
                Arguments.of("event.action: *Bucket*", true),
                Arguments.of("event.action: Get*Object", false),
                Arguments.of("event.action: GetBucketPolicy*", true),
                Arguments.of("message: alice", true),
                Arguments.of("message: ALICE bob", true),
                Arguments.of("message: bob carol", false),
                Arguments.of("message: \"logged in\"", true),
                Arguments.of("message: \"in logged\"", false),
                Arguments.of("message: \"vpn gateway\"", true),
                Arguments.of("message: log*", true),
                Arguments.of("message: LOG*", true),
                Arguments.of("source.ip: 10.1.2.3", true),
                Arguments.of("source.ip: \"10.0.0.0/8\"", true),
                Arguments.of("source.ip: \"192.168.0.0/16\"", false),
                Arguments.of("source.ip: 10.1.2.4", false),
                Arguments.of("source.ip > 10.1.2.0", true),
                Arguments.of("source.ip < 10.1.2.0", false),
                Arguments.of("source.ip: *", true),
                Arguments.of("source.port: 443", true),
                Arguments.of("source.port >= 443", true),
                Arguments.of("source.port > 443", false),
                Arguments.of("bytes: 1500", true),
                Arguments.of("bytes < 1000", false),
                Arguments.of("bytes <= 1500 and bytes >= 1500", true),
                Arguments.of("ratio: 0.25", true),
                Arguments.of("ratio > 0.3", false),
                Arguments.of("flag: true", true),
                Arguments.of("flag: false", false),
                Arguments.of("user.name: Alice", true),
                Arguments.of("user.name.text: alice", false),
                Arguments.of("tags: \"Rule Type: Higher-Order Rule\"", true),
                Arguments.of("tags: \"Rule Type\"", false),
                Arguments.of("tags: Domain*", true),
                Arguments.of("@timestamp: 2026-03-15", true),
                Arguments.of("@timestamp: 2026-03-16", false),
                Arguments.of("@timestamp: 2026-03", true),
                Arguments.of("@timestamp > 2026-03-15", false),
                Arguments.of("@timestamp >= 2026-03-15", true),
                Arguments.of("@timestamp < \"2026-03-15T10:30:00.001Z\"", true),
                Arguments.of("@timestamp > \"2026-03-15T10:29\"", true),
                Arguments.of("@timestamp < now", true),
                Arguments.of("@timestamp > now-1d", false),
                Arguments.of("@timestamp >= now-1M", true),
                Arguments.of("@timestamp > now-1M", false),
                Arguments.of("@timestamp < now-30d", true),
                Arguments.of("@timestamp: now-1M/d", true),
                Arguments.of("@timestamp: now-1M/M", true),
                Arguments.of("@timestamp <= now-1M/M", true),
                Arguments.of("@timestamp > now-1M/M", false),
                Arguments.of("@timestamp < now-1M/M", false),
                Arguments.of("@timestamp < \"2026-04-15||-1M\"", false),
                Arguments.of("@timestamp >= \"2026-04-15T10:30:00Z||-1M\"", true),
                Arguments.of("not event.outcome: failure", true),
                Arguments.of("not event.outcome: success", false),
                Arguments.of("event.outcome: success and not flag: false", true),
                Arguments.of("event.outcome: failure or bytes: 1500", true),
                Arguments.of("items: { name: a and count: 1 }", true),
                Arguments.of("items: { name: a and count: 5 }", false),
                Arguments.of("items.name: a and items.count: 5", true),
                Arguments.of("items: { count > 4 }", true),
                Arguments.of("unmapped: here", false),
                Arguments.of("unmapped: *", false),
                Arguments.of("missing: *", false),
                Arguments.of("event.*: success", true),
                Arguments.of("source.*: *", true),
                Arguments.of("alice", true),
                Arguments.of("\"VPN gateway\"", true),
                Arguments.of("GetBucketPolicy", true),
                Arguments.of("getbucketpolicy", false),
                Arguments.of("Get*", true),
                Arguments.of("nobody", false));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("cases")
    void decidesLikeTheQueryDsl(String query, boolean matches) throws Exception {
        var doc = JsonMapper.builder().build().readTree(DOC);
        assertThat(new KqlEvaluator(TestFields.MAP, NOW).matches(KqlParser.parse(query), doc)).isEqualTo(matches);
    }

    @Test
    void valuesElasticsearchWouldRefuseAreReportedNotGuessed() throws Exception {
        var doc = JsonMapper.builder().build().readTree(DOC);
        KqlEvaluator evaluator = new KqlEvaluator(TestFields.MAP, NOW);
        assertThat(catchThrowableOfType(KqlEvaluator.UnsupportedComparison.class,
                () -> evaluator.matches(KqlParser.parse("bytes: lots"), doc))).hasMessageContaining("not a number");
        assertThat(catchThrowableOfType(KqlEvaluator.UnsupportedComparison.class,
                () -> evaluator.matches(KqlParser.parse("bytes: 1.5"), doc))).hasMessageContaining("decimal part");
        assertThat(catchThrowableOfType(KqlEvaluator.UnsupportedComparison.class,
                () -> evaluator.matches(KqlParser.parse("source.ip: banana"), doc))).hasMessageContaining("not an IP");
    }
}
