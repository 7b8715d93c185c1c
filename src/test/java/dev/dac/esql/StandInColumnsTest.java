package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The types stood-in columns learn from Elasticsearch's type refusals (messages as Elasticsearch 8.19 words them). */
class StandInColumnsTest {

    private static EsqlProblem invalid(String message) {
        return new EsqlProblem(EsqlProblem.Kind.INVALID, 3, 5, message);
    }

    @Test
    void aColumnComparedWithANumberBecomesThatNumber() {
        StandInColumns columns = new StandInColumns();
        columns.add("system.cpu.total.norm.pct");

        boolean learnt = columns.learn(invalid("first argument of [system.cpu.total.norm.pct >= 0.9] is [keyword] so"
                + " second argument must also be [keyword] but was [double]"), "from metrics-*");

        assertThat(learnt).isTrue();
        assertThat(columns.typeOf("system.cpu.total.norm.pct")).contains("double");
        assertThat(columns.eval()).isEqualTo("| EVAL `system.cpu.total.norm.pct` = 0.0 ");
    }

    @Test
    void aColumnOnTheRightOfTheComparisonTakesTheLeftType() {
        StandInColumns columns = new StandInColumns();
        columns.add("a.count");

        columns.learn(invalid("first argument of [5 < a.count] is [integer] so second argument must also be [integer]"
                + " but was [keyword]"), "from x");

        assertThat(columns.typeOf("a.count")).contains("integer");
    }

    @Test
    void anEvalAliasLeadsBackToTheStoodInColumn() {
        StandInColumns columns = new StandInColumns();
        columns.add("kubernetes.audit.responseStatus.code");
        String query = "from logs-kubernetes.audit_logs-*\n| eval Esql.code = kubernetes.audit.responseStatus.code\n"
                + "| where Esql.code in (401, 403)";

        columns.learn(invalid("1st argument of [Esql.code in (401, 403)] must be [keyword], found value [401] type"
                + " [integer]"), query);

        assertThat(columns.typeOf("kubernetes.audit.responseStatus.code")).contains("integer");
    }

    @Test
    void aFunctionArgumentTakesTheTypeTheFunctionWants() {
        StandInColumns columns = new StandInColumns();
        columns.add("okta.risk");

        columns.learn(invalid("argument of [sum(okta.risk)] must be [numeric except unsigned_long or counter types],"
                + " found value [okta.risk] type [keyword]"), "from logs-okta*");

        assertThat(columns.typeOf("okta.risk")).contains("double");
    }

    @Test
    void aColumnIsRetypedOnlyOnceSoTheAsksCannotGoRound() {
        StandInColumns columns = new StandInColumns();
        columns.add("x");
        columns.learn(invalid("first argument of [x > 1] is [keyword] so second argument must also be [keyword] but"
                + " was [integer]"), "from y");

        boolean again = columns.learn(invalid("first argument of [x == \"a\"] is [integer] so second argument must"
                + " also be [integer] but was [keyword]"), "from y");

        assertThat(again).isFalse();
        assertThat(columns.typeOf("x")).contains("integer");
    }

    @Test
    void aRefusalAboutAColumnNotStoodInForTeachesNothing() {
        StandInColumns columns = new StandInColumns();
        columns.add("x");

        boolean learnt = columns.learn(invalid("first argument of [event.code > 1] is [keyword] so second argument"
                + " must also be [keyword] but was [integer]"), "from y");

        assertThat(learnt).isFalse();
        assertThat(columns.typeOf("x")).contains("keyword");
    }
}
