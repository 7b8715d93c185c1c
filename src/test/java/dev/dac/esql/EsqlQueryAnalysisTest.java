package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.validate.RuleTexts;
import org.junit.jupiter.api.Test;

class EsqlQueryAnalysisTest {

    @Test
    void correlationSeedProducesItsKeptColumns() {
        String rule = RuleTexts.read(RuleTexts.CORRELATION_RULE);
        String query = rule.substring(rule.indexOf("query = '''") + 12, rule.lastIndexOf("'''"));

        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of(query);

        assertThat(analysis.aggregates()).isTrue();
        assertThat(analysis.metadataFields()).containsExactly("_id", "_version", "_index");
        assertThat(analysis.output().isClosed()).isTrue();
        assertThat(analysis.output().known()).containsExactly("source.ip",
                "Esql.alert_count_long_term_key_new_ip_rule", "Esql.alert_count_other_elevated_rule",
                "Esql.kibana_alert_rule_name_values", "Esql.kibana_alert_rule_id_values",
                "Esql.kibana_alert_risk_score_values", "Esql.kibana_alert_severity_values",
                "Esql.user_entity_id_values", "Esql.timestamp_min", "Esql.timestamp_max");
        assertThat(analysis.createdColumns()).contains("Esql.is_long_term_key_new_ip_rule",
                "Esql.is_other_elevated_rule").doesNotContain("source.ip");
        assertThat(analysis.pipeline().commands()).extracting(EsqlCommand::name)
                .containsExactly("from", "where", "eval", "eval", "stats", "where", "keep");
        assertThat(analysis.pipeline().commands().get(1).line()).isEqualTo(6);
    }

    @Test
    void pipesInsideStringsAndCommentsDoNotSplitCommands() {
        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of("""
                FROM logs-* METADATA _id // a | comment
                | WHERE message == "a | b" /* | block */ and KQL(\"\"\"x : "|" \"\"\")
                | EVAL `Esql.odd name` = 1, Esql.plain = CONCAT("a,b", "c")
                """);
        assertThat(analysis.pipeline().commands()).extracting(EsqlCommand::name).containsExactly("from", "where", "eval");
        assertThat(analysis.createdColumns()).containsExactly("Esql.odd name", "Esql.plain");
        assertThat(analysis.aggregates()).isFalse();
        assertThat(analysis.output().isClosed()).isFalse();
        assertThat(analysis.output().mayContain("any.source.field")).isTrue();
    }

    @Test
    void keepWithWildcardsKeepsMatchingSourceColumnsOnly() {
        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of("from x | eval Esql.a = 1, Esql.b = 2 | keep Esql.*, host.*");
        assertThat(analysis.output().known()).containsExactly("Esql.a", "Esql.b");
        assertThat(analysis.output().mayContain("host.name")).isTrue();
        assertThat(analysis.output().mayContain("user.name")).isFalse();
    }

    @Test
    void dropRenameDissectAndGrokChangeTheColumns() {
        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of("""
                row a = 1, b = "x y", c = "k=v"
                | dissect b "%{first} %{second}"
                | grok c "%{WORD:key}=%{WORD:value:keyword}"
                | rename a AS renamed, second AS Esql.second
                | drop c, first
                """);
        assertThat(analysis.output().known()).containsExactlyInAnyOrder("b", "renamed", "Esql.second", "key", "value");
        assertThat(analysis.output().isClosed()).isTrue();
    }

    @Test
    void statsWithoutByAndGroupExpressions() {
        assertThat(EsqlQueryAnalysis.of("from x | stats count(*), m = max(bytes)").output().known())
                .containsExactly("count(*)", "m");
        assertThat(EsqlQueryAnalysis.of("from x | stats c = count(*) BY bucket = BUCKET(@timestamp, 1 hour), host.name")
                .output().known()).containsExactly("c", "bucket", "host.name");
        assertThat(EsqlQueryAnalysis.of("from x | inline stats c = count(*) by host.name").aggregates()).isFalse();
    }

    @Test
    void unknownCommandsLeaveTheColumnsOpen() {
        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of("from x | stats c = count(*) | lookup join hosts on c");
        assertThat(analysis.output().isClosed()).isFalse();
    }

    @Test
    void metadataIsAKeywordOnlyAfterTheSourceList() {
        assertThat(EsqlQueryAnalysis.of("from logs-metadata-aws* METADATA _id, _version, _index").metadataFields())
                .containsExactly("_id", "_version", "_index");
        assertThat(EsqlQueryAnalysis.of("FROM metadata, \"metadata-*\" metadata _id").metadataFields())
                .containsExactly("_id");
        assertThat(EsqlQueryAnalysis.of("from logs-metadata-aws*, metadata | where true").metadataFields()).isEmpty();
        assertThat(EsqlQueryAnalysis.of("from logs-*\n  METADATA\n  _index | keep _index").metadataFields())
                .containsExactly("_index");
    }
}
