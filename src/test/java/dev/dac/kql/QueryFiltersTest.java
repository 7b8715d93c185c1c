package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Filters become the clauses @kbn/es-query builds (from_filters.ts, migrate_filter.ts, from_combined_filter.ts); the
 * real-node behaviour is in RuleSettingsEngineTest.
 */
class QueryFiltersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KQL = "{\"match\":{\"event.action\":\"ConsoleLogin\"}}";

    private static ObjectNode around(String... filters) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String filter : filters) {
            nodes.add(JSON.readTree(filter));
        }
        return new QueryFilters(nodes).around((ObjectNode) JSON.readTree(KQL));
    }

    @Test
    void noEnabledFilterLeavesTheQueryAsItIs() throws Exception {
        assertThat(around().toString()).isEqualTo(KQL);
        assertThat(around("{\"meta\":{\"disabled\":true},\"query\":{\"match_phrase\":{\"user.name\":\"x\"}}}")
                .toString()).isEqualTo(KQL);
    }

    @Test
    void negatedFiltersMustNotMatchAndOthersMust() throws Exception {
        ObjectNode query = around(
                "{\"meta\":{\"negate\":true},\"query\":{\"match_phrase\":{\"user.name\":\"eve\"}}}",
                "{\"$state\":{\"store\":\"appState\"},\"exists\":{\"field\":\"source.ip\"},\"meta\":{\"type\":\"exists\"}}");

        assertThat(query.toString()).isEqualTo("{\"bool\":{\"filter\":[" + KQL + ",{\"exists\":{\"field\":"
                + "\"source.ip\"}}],\"must_not\":[{\"match_phrase\":{\"user.name\":\"eve\"}}]}}");
    }

    @Test
    void aQueryKeepsOnlyItselfAndAPhraseMatchBecomesMatchPhrase() throws Exception {
        ObjectNode query = around("{\"query\":{\"term\":{\"a\":1}},\"range\":{\"b\":{\"gte\":1}}}",
                "{\"query\":{\"match\":{\"c\":{\"query\":\"x y\",\"type\":\"phrase\"}}}}");

        assertThat(query.path("bool").path("filter").toString()).isEqualTo("[" + KQL + ",{\"term\":{\"a\":1}},"
                + "{\"match_phrase\":{\"c\":{\"query\":\"x y\"}}}]");
    }

    @Test
    void combinedFiltersJoinTheirParamsWithTheirRelation() throws Exception {
        String a = "{\"query\":{\"match_phrase\":{\"a\":\"1\"}}}";
        String notB = "{\"meta\":{\"negate\":true},\"query\":{\"match_phrase\":{\"b\":\"2\"}}}";
        ObjectNode or = around("{\"meta\":{\"type\":\"combined\",\"relation\":\"OR\",\"params\":[" + a + "," + notB
                + "]}}");
        ObjectNode and = around("{\"meta\":{\"type\":\"combined\",\"relation\":\"AND\",\"params\":[" + a + "," + notB
                + "]}}");

        JsonNode orClause = or.path("bool").path("filter").path(1).path("bool");
        assertThat(orClause.path("minimum_should_match").asInt()).isEqualTo(1);
        assertThat(orClause.path("should").path(1).path("bool").path("must_not").path(0).toString())
                .isEqualTo("{\"match_phrase\":{\"b\":\"2\"}}");
        JsonNode andClause = and.path("bool").path("filter").path(1).path("bool");
        assertThat(andClause.path("filter").path(0).toString()).isEqualTo("{\"match_phrase\":{\"a\":\"1\"}}");
        assertThat(andClause.path("must_not").path(0).toString()).isEqualTo("{\"match_phrase\":{\"b\":\"2\"}}");
    }

    @Test
    void aFilterWithoutAClauseIsRefusedNamingIt() {
        QueryFilters.InvalidFilterException e = catchThrowableOfType(QueryFilters.InvalidFilterException.class,
                () -> around("{\"query\":{\"term\":{\"a\":1}}}", "{\"meta\":{\"negate\":false}}"));

        assertThat(e).hasMessageContaining("filters[1] has no query clause");
        assertThat(new QueryFilters(List.of(JSON.readTree("\"text\""))).problem()).hasValueSatisfying(
                p -> assertThat(p).contains("filters[0] is not a table"));
    }
}
