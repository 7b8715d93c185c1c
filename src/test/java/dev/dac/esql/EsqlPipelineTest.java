package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the source command of an ES|QL query ends: the place the follow-up asks put their stand-ins. */
class EsqlPipelineTest {

    @Test
    void theFirstPipeIsTheOneAfterTheSourceCommand() {
        String query = "from logs-*\n| where a == 1 | keep a";
        assertThat(EsqlPipeline.firstPipe(query)).isEqualTo(query.indexOf("| where"));
    }

    @Test
    void pipesInCommentsStringsAndQuotedNamesAreNotTheFirstPipe() {
        String query = "from logs-* // one | two\n/* three | four */ metadata _id\n| where `a|b` == \"c|d\" | keep a";
        assertThat(EsqlPipeline.firstPipe(query)).isEqualTo(query.indexOf("| where"));
    }

    @Test
    void aQueryOfOneCommandHasNone() {
        assertThat(EsqlPipeline.firstPipe("from logs-* // a | b")).isEqualTo(-1);
    }

    @Test
    void theCommandHoldingAPlaceStartsAtThePipeBeforeIt() {
        String query = "from logs-* // x | y\n| where a == \"b | c\"\n| keep a";
        assertThat(EsqlPipeline.pipeBefore(query, query.indexOf("c\""))).isEqualTo(query.indexOf("| where"));
        assertThat(EsqlPipeline.pipeBefore(query, query.indexOf("keep"))).isEqualTo(query.indexOf("| keep"));
        assertThat(EsqlPipeline.pipeBefore(query, query.indexOf("y"))).isEqualTo(-1);
    }
}
