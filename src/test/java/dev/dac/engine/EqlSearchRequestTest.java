package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The _eql/search body sent to an Elasticsearch with EQL, as Kibana's build_eql_search_request.ts builds it. */
class EqlSearchRequestTest {

    private static final Execution AT = new Execution(Instant.parse("2026-04-10T12:00:00Z"), "default", null, "8.19.0");

    private static Rule rule(String path) throws Exception {
        return new RuleModelReader().read(new RuleFileParser().parse(Path.of(path))).rule();
    }

    @Test
    void theWindowIsAFilterOnTheOverrideAndSizeIsMaxSignals() throws Exception {
        Rule rule = rule("rules/windows/defense_evasion_certutil_decode_then_execution.toml");
        TypeFields.EqlFields eql = (TypeFields.EqlFields) rule.typeFields();
        ObjectNode body = EqlSearchExecutor.request(rule, eql, RuleWindows.window(rule, AT));

        assertThat(body.get("query").asString()).isEqualTo(eql.query());
        assertThat(body.get("size").asInt()).isEqualTo(100);
        assertThat(body.get("allow_partial_search_results").asBoolean()).isTrue();
        String filter = body.get("filter").toString();
        assertThat(filter).contains("\"event.ingested\":{\"gte\":\"2026-04-10T11:51:00Z\",\"lte\":\"2026-04-10T12:00:00Z\"");
        // no timestamp_field, tiebreaker or category override in the rule: none is sent
        assertThat(body.has("timestamp_field")).isFalse();
        assertThat(body.has("tiebreaker_field")).isFalse();
        assertThat(body.has("event_category_field")).isFalse();
        assertThat(body.get("fields").toString()).contains("\"field\":\"*\",\"include_unmapped\":true")
                .contains("\"field\":\"event.ingested\"").contains("\"field\":\"@timestamp\"");
    }

    @Test
    void theRulesTiebreakerIsSent() throws Exception {
        Rule rule = rule("src/test/resources/dev/dac/harness/eql/rules/eql_tiebreaker.toml");
        ObjectNode body = EqlSearchExecutor.request(rule, (TypeFields.EqlFields) rule.typeFields(),
                RuleWindows.window(rule, AT));
        assertThat(body.get("tiebreaker_field").asString()).isEqualTo("event.sequence");
        assertThat(body.get("filter").toString()).contains("\"@timestamp\":{\"gte\":\"2026-04-10T11:50:00Z\"");
    }
}
