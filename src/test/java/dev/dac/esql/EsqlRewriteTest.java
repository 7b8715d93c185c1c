package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The part of a newer stack's query an older engine can verify: cut before a command, or with stand-ins. */
class EsqlRewriteTest {

    private static final String QUERY = """
            from logs-* // a | b in a comment
            | where user.name == "x | y"
            | inline stats c = count(*) by host.name
            | where c > 1""";

    /** 1-based line and column of the first {@code text} in {@code query}. */
    private static int[] at(String query, String text) {
        int offset = query.indexOf(text);
        int line = 1 + (int) query.substring(0, offset).chars().filter(c -> c == '\n').count();
        return new int[] {line, offset - (query.lastIndexOf('\n', offset - 1) + 1) + 1};
    }

    @Test
    void aCutEndsTheQueryBeforeThePipeOfTheCommandHoldingThePlace() {
        EsqlRewrite cut = EsqlRewrite.of(QUERY).cutBefore(QUERY.indexOf("count(*)")).orElseThrow();

        assertThat(cut.text()).isEqualTo(QUERY.substring(0, QUERY.indexOf("| inline")));
        assertThat(cut.isCut()).isTrue();
        assertThat(cut.lastLine()).isEqualTo(2);
    }

    @Test
    void pipesInCommentsAndStringsStartNoCommand() {
        EsqlRewrite cut = EsqlRewrite.of(QUERY).cutBefore(QUERY.indexOf("y\"")).orElseThrow();

        assertThat(cut.text()).isEqualTo(QUERY.substring(0, QUERY.indexOf("| where user")));
        assertThat(cut.lastLine()).isEqualTo(1);
    }

    @Test
    void nothingIsLeftWhenTheSourceCommandIsRefused() {
        assertThat(EsqlRewrite.of(QUERY).cutBefore(QUERY.indexOf("logs-*"))).isEmpty();
    }

    @Test
    void aCutBeforeACommentedLineEndsAtTheLastLineOfQueryText() {
        String query = "from logs-*\n| where a == 1\n// why\n\n| inline stats c = count(*)";
        EsqlRewrite cut = EsqlRewrite.of(query).cutBefore(query.indexOf("inline")).orElseThrow();

        assertThat(cut.lastLine()).isEqualTo(2);
    }

    @Test
    void aNewerFunctionIsStoodInForByAValueOfItsTypeReadingItsArguments() {
        String query = "from logs-*\n| eval u = to_lower(URL_DECODE(url.original)), j = JSON_EXTRACT(_source, \"a.b\")";
        EsqlRewrite rewrite = EsqlRewrite.of(query).standIn(query.indexOf("URL_DECODE")).orElseThrow()
                .standIn(query.indexOf("JSON_EXTRACT")).orElseThrow();

        assertThat(rewrite.text()).isEqualTo("from logs-*\n| eval u = to_lower(CASE((url.original) IS NULL, \"\","
                + " \"\")), j = CASE((_source) IS NULL OR (\"a.b\") IS NULL, \"\", \"\")");
        assertThat(rewrite.isCut()).isFalse();
        assertThat(rewrite.stoodIn()).extracting(EsqlRewrite.StoodIn::what).containsExactly("URL_DECODE",
                "JSON_EXTRACT");
        // a column inside the stand-in is placed where the query has it; the stand-in's own words at the call
        int[] column = at(rewrite.text(), "url.original");
        assertThat(rewrite.originalPosition(column[0], column[1])).containsExactly(at(query, "url.original"));
        int[] inserted = at(rewrite.text(), "IS NULL OR");
        assertThat(rewrite.originalPosition(inserted[0], inserted[1])).containsExactly(at(query, "JSON_EXTRACT"));
    }

    /** The text sent for {@code query} with the construct at the first {@code word} stood in for. */
    private static String stoodIn(String query, String word) {
        EsqlRewrite rewrite = EsqlRewrite.of(query);
        return rewrite.standIn(query.indexOf(word)).or(() -> rewrite.standInCommand(query.indexOf(word)))
                .orElseThrow().text();
    }

    @Test
    void firstAndLastAreStoodInForByAnAggregationOfTheirValuesType() {
        assertThat(stoodIn("from logs-*\n| stats f = first(source.ip, @timestamp) by user.name", "first"))
                .isEqualTo("from logs-*\n| stats f = VALUES(CASE((@timestamp) IS NULL, source.ip, source.ip)) by"
                        + " user.name");
    }

    @Test
    void mvIntersectionIsStoodInForByAValueOfItsFirstArgumentsType() {
        assertThat(stoodIn("from logs-*\n| eval ids = MV_INTERSECTION(all_ids, process.Ext.ancestry)", "MV_"))
                .isEqualTo("from logs-*\n| eval ids = CASE((process.Ext.ancestry) IS NULL, all_ids, all_ids)");
    }

    @Test
    void onlyTheNewerFunctionsDacKnowsAreStoodInFor() {
        String query = "from logs-*\n| eval a = SEMANTIC_SUMMARY(x), b = to_lower(y), c = host.url_decode";
        EsqlRewrite rewrite = EsqlRewrite.of(query);

        assertThat(rewrite.standIn(query.indexOf("SEMANTIC_SUMMARY"))).isEmpty();
        assertThat(rewrite.standIn(query.indexOf("to_lower"))).isEmpty();
        assertThat(rewrite.standIn(query.indexOf("url_decode"))).isEmpty();
        String noArgument = "from logs-*\n| stats f = first() by a";
        assertThat(EsqlRewrite.of(noArgument).standIn(noArgument.indexOf("first"))).isEmpty();
    }

    @Test
    void inlineStatsIsStoodInForByAnEvalOfTheColumnsItAdds() {
        String query = "from logs-*\n| INLINE STATS hosts = COUNT_DISTINCT(host.id), v = VALUES(user.name)\n"
                + "    BY rule.name\n| where hosts == 1";
        EsqlRewrite rewrite = EsqlRewrite.of(query).standInCommand(query.indexOf("INLINE")).orElseThrow();

        assertThat(rewrite.text()).isEqualTo("from logs-*\n| EVAL hosts = CASE((host.id) IS NULL OR (rule.name) IS"
                + " NULL, TO_LONG(0), TO_LONG(0)), v = CASE((user.name) IS NULL, user.name, user.name)| where hosts == 1");
        int[] group = at(rewrite.text(), "rule.name");
        assertThat(rewrite.originalPosition(group[0], group[1])).containsExactly(at(query, "rule.name"));
        int[] after = at(rewrite.text(), "hosts == 1");
        assertThat(rewrite.originalPosition(after[0], after[1])).containsExactly(at(query, "hosts == 1"));
    }

    @Test
    void aFilteredAggregationOfInlineStatsReadsItsFilter() {
        assertThat(stoodIn("from logs-*\n| INLINE STATS ids = VALUES(entity_id) WHERE entity_id != \"null\"\n| keep ids",
                "VALUES")).isEqualTo("from logs-*\n| EVAL ids = CASE((entity_id) IS NULL OR (entity_id != \"null\") IS"
                        + " NULL, entity_id, entity_id)| keep ids");
    }

    @Test
    void completionWithOptionsIsStoodInForByAnEvalOfItsKeywordColumn() {
        assertThat(stoodIn("from logs-*\n| COMPLETION result = prompt WITH { \"inference_id\": \"x\" }\n| keep result",
                "{")).isEqualTo("from logs-*\n| EVAL result = CASE((prompt) IS NULL, \"\", \"\")| keep result");
        assertThat(stoodIn("from logs-*\n| completion CONCAT(a, b) with {\"inference_id\": \"x\"}", "{"))
                .isEqualTo("from logs-*\n| EVAL completion = CASE((CONCAT(a, b)) IS NULL, \"\", \"\")");
    }

    @Test
    void inlineStatsOfAFormDacDoesNotKnowIsNotStoodInFor() {
        for (String stats : new String[] {"INLINE STATS COUNT(*) BY a", "INLINE STATS s = SUM(b) BY a",
            "INLINE STATS c = COUNT(*) BY t = DATE_TRUNC(1 hour, b)",
            "INLINE STATS c = COUNT(x) f(y) BY a", "INLINE STATS v = VALUES(*) BY a", "EVAL c = COUNT(x)"}) {
            String query = "from logs-*\n| " + stats + "\n| keep c";
            assertThat(EsqlRewrite.of(query).standInCommand(query.indexOf("INLINE"))).as(stats).isEmpty();
        }
    }

    @Test
    void anAbbreviatedTimeUnitIsWrittenInFull() {
        String query = "from logs-*\n| eval w = DATE_TRUNC(5m, @timestamp)";
        EsqlRewrite rewrite = EsqlRewrite.of(query).standInTimeSpan(query.indexOf("5m")).orElseThrow();

        assertThat(rewrite.text()).isEqualTo("from logs-*\n| eval w = DATE_TRUNC(5 minutes, @timestamp)");
        assertThat(EsqlRewrite.of(query).standInTimeSpan(query.indexOf("DATE_TRUNC"))).isEmpty();
    }

    @Test
    void aCutDropsTheStandInsAfterIt() {
        String query = "from logs-*\n| eval u = URL_DECODE(a)\n| inline stats c = count(*) by b";
        EsqlRewrite rewrite = EsqlRewrite.of(query).standIn(query.indexOf("URL_DECODE")).orElseThrow()
                .cutBefore(query.indexOf("| eval")).orElseThrow();

        assertThat(rewrite.text()).isEqualTo("from logs-*\n");
        assertThat(rewrite.stoodIn()).isEmpty();
    }
}
