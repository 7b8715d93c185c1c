package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.eql.EqlNode.Expr;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per construct of Elasticsearch's EQL syntax reference: the tree the parser builds for it. */
class EqlParserTest {

    private static EqlNode.Statement parse(String query) {
        try {
            return EqlParser.parse(query);
        } catch (EqlSyntaxException e) {
            throw new AssertionError(query + " -> " + e.getMessage(), e);
        }
    }

    private static Expr condition(String query) {
        return ((EqlNode.EventQuery) parse(query).query()).filter().condition();
    }

    @Test
    void eventQueryHasItsCategoryAndCondition() {
        EqlNode.EventFilter filter = ((EqlNode.EventQuery) parse("process where process.name == \"cmd.exe\"").query())
                .filter();
        assertThat(filter.category()).isEqualTo("process");
        assertThat(filter.any()).isFalse();
        assertThat(filter.condition()).isEqualTo(new EqlNode.Comparison(
                field("process.name", 14, 26), EqlNode.CompareOp.EQ, string("cmd.exe", 30, 39), span(14, 39)));
    }

    @Test
    void anyWhereHasNoCategory() {
        assertThat(((EqlNode.EventQuery) parse("any where true").query()).filter().any()).isTrue();
    }

    @Test
    void categoryMayBeQuotedOrBackquoted() {
        assertThat(((EqlNode.EventQuery) parse("\"network\" where true").query()).filter().category())
                .isEqualTo("network");
        assertThat(((EqlNode.EventQuery) parse("`my category` where true").query()).filter().category())
                .isEqualTo("my category");
    }

    @Test
    void sequenceWithByMaxspanStepKeysAndUntil() {
        EqlNode.Sequence sequence = (EqlNode.Sequence) parse("""
                sequence by host.id, user.name with maxspan=5m
                  [process where event.type == "start"] by process.entity_id
                  [network where true] by process.entity_id
                until [process where event.type == "end"] by process.entity_id
                """).query();
        assertThat(sequence.by()).extracting(e -> ((EqlNode.Field) e).name()).containsExactly("host.id", "user.name");
        assertThat(sequence.maxSpan().duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(sequence.maxSpan().unit()).isEqualTo("m");
        assertThat(sequence.steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.by()).singleElement().isInstanceOfSatisfying(EqlNode.Field.class,
                    f -> assertThat(f.name()).isEqualTo("process.entity_id"));
            assertThat(step.runs()).isEqualTo(1);
            assertThat(step.missing()).isFalse();
        });
        assertThat(sequence.steps().get(1).filter().category()).isEqualTo("network");
        assertThat(sequence.until().filter().category()).isEqualTo("process");
        assertThat(sequence.steps().get(1).span().start().line()).isEqualTo(3);
    }

    @Test
    void maxspanTakesEveryUnit() {
        for (String unit : List.of("ms", "s", "m", "h", "d")) {
            EqlNode.Sequence sequence = (EqlNode.Sequence) parse("sequence with maxspan=2" + unit
                    + " [any where true] [any where true]").query();
            assertThat(sequence.maxSpan().amount()).isEqualTo(2);
            assertThat(sequence.maxSpan().unit()).isEqualTo(unit);
        }
    }

    @Test
    void stepWithRunsAndMissingEvents() {
        EqlNode.Sequence sequence = (EqlNode.Sequence) parse("sequence by user.name with maxspan=1h"
                + " [authentication where event.outcome == \"failure\"] with runs=5"
                + " ![authentication where event.outcome == \"success\"]"
                + " [process where true]").query();
        assertThat(sequence.steps()).extracting(EqlNode.Step::runs).containsExactly(5, 1, 1);
        assertThat(sequence.steps()).extracting(EqlNode.Step::missing).containsExactly(false, true, false);
        // one step repeated is a sequence of its own
        assertThat(((EqlNode.Sequence) parse("sequence [process where true] with runs=3").query()).steps()).hasSize(1);
    }

    @Test
    void sampleHasKeysAndSteps() {
        EqlNode.Sample sample = (EqlNode.Sample) parse("sample by host.id [process where true] [network where true]"
                + " [file where true]").query();
        assertThat(sample.by()).hasSize(1);
        assertThat(sample.steps()).hasSize(3);
    }

    @Test
    void pipesWithTheirArguments() {
        EqlNode.Statement statement = parse("process where true | filter process.pid > 4 | unique host.name,"
                + " user.name | unique_count process.name | count | head 10 | tail 3");
        assertThat(statement.pipes()).extracting(EqlNode.Pipe::name)
                .containsExactly("filter", "unique", "unique_count", "count", "head", "tail");
        assertThat(statement.pipes().get(1).arguments()).hasSize(2);
        assertThat(statement.pipes().get(4).arguments()).singleElement().isInstanceOfSatisfying(
                EqlNode.NumberLiteral.class, n -> assertThat(n.value()).isEqualTo(10L));
    }

    @Test
    void comparisonOperators() {
        for (EqlNode.CompareOp op : EqlNode.CompareOp.values()) {
            assertThat(condition("process where process.pid " + op.symbol() + " 4"))
                    .isInstanceOfSatisfying(EqlNode.Comparison.class, c -> assertThat(c.op()).isEqualTo(op));
        }
    }

    @Test
    void matchOperatorsAndTheirCaseSensitivity() {
        record Case(String op, EqlNode.MatchOp kind, boolean insensitive) {}
        for (Case c : List.of(new Case(":", EqlNode.MatchOp.SEQ, true), new Case("like", EqlNode.MatchOp.LIKE, false),
                new Case("like~", EqlNode.MatchOp.LIKE, true), new Case("regex", EqlNode.MatchOp.REGEX, false),
                new Case("regex~", EqlNode.MatchOp.REGEX, true))) {
            assertThat(condition("process where process.name " + c.op() + " (\"a*\", \"b?\")"))
                    .isInstanceOfSatisfying(EqlNode.Match.class, m -> {
                        assertThat(m.op()).isEqualTo(c.kind());
                        assertThat(m.caseInsensitive()).as(c.op()).isEqualTo(c.insensitive());
                        assertThat(m.patterns()).extracting(EqlNode.Literal::value).containsExactly("a*", "b?");
                    });
        }
    }

    @Test
    void inListsNegatedAndCaseInsensitive() {
        EqlNode.InList in = (EqlNode.InList) condition("process where process.name in (\"a\", \"b\")");
        assertThat(in.negated()).isFalse();
        assertThat(in.caseInsensitive()).isFalse();
        assertThat(in.candidates()).hasSize(2);
        EqlNode.InList notIn = (EqlNode.InList) condition("process where process.name not in~ (\"A\")");
        assertThat(notIn.negated()).isTrue();
        assertThat(notIn.caseInsensitive()).isTrue();
    }

    @Test
    void precedenceIsOrThenAndThenNot() {
        EqlNode.Or or = (EqlNode.Or) condition("any where not a == 1 and b == 2 or c == 3");
        assertThat(or.children()).hasSize(2);
        EqlNode.And and = (EqlNode.And) or.children().get(0);
        assertThat(and.children().get(0)).isInstanceOf(EqlNode.Not.class);
        assertThat(((EqlNode.Not) and.children().get(0)).child()).isInstanceOf(EqlNode.Comparison.class);
    }

    @Test
    void arithmeticBindsTighterThanComparison() {
        EqlNode.Comparison c = (EqlNode.Comparison) condition("any where a + b * 2 > -3");
        EqlNode.Arithmetic sum = (EqlNode.Arithmetic) c.left();
        assertThat(sum.op()).isEqualTo(EqlNode.ArithmeticOp.ADD);
        assertThat(((EqlNode.Arithmetic) sum.right()).op()).isEqualTo(EqlNode.ArithmeticOp.MULTIPLY);
        assertThat(((EqlNode.NumberLiteral) c.right()).value()).isEqualTo(-3L);
        assertThat(condition("any where -a % 2 == 0 and b / 2 - 1 == 0")).isInstanceOf(EqlNode.And.class);
        assertThat(((EqlNode.Comparison) condition("any where -length(a) < 0")).left())
                .isInstanceOf(EqlNode.Negate.class);
    }

    @Test
    void optionalAndBackquotedFields() {
        EqlNode.Comparison c = (EqlNode.Comparison) condition("any where ?process.`odd-name`.x == null");
        assertThat(c.left()).isInstanceOfSatisfying(EqlNode.Field.class, f -> {
            assertThat(f.name()).isEqualTo("process.odd-name.x");
            assertThat(f.optional()).isTrue();
            assertThat(f.span().start().column()).isEqualTo(11);
        });
        assertThat(c.right()).isInstanceOf(EqlNode.NullLiteral.class);
        assertThat(((EqlNode.Comparison) condition("any where `a``b` == true")).left())
                .isEqualTo(new EqlNode.Field("a`b", false, span(10, 16)));
        assertThat(((EqlNode.Comparison) condition("any where @timestamp > 0")).left())
                .isInstanceOfSatisfying(EqlNode.Field.class, f -> assertThat(f.name()).isEqualTo("@timestamp"));
    }

    @Test
    void everyFunctionAndTheCaseInsensitiveForms() {
        String query = "any where add(1, 2) == 3 and between(a, \"x\", \"y\") == \"\" and cidrMatch(ip, \"10.0.0.0/8\","
                + " \"::1\") and concat(a, b) == \"\" and divide(a, 2) == 1 and endsWith(a, \"x\") and indexOf(a, \"x\", 1)"
                + " == 0 and length(a) == 1 and modulo(a, 2) == 0 and multiply(a, 2) == 2 and number(a, 16) == 1 and"
                + " startsWith(a, \"x\") and string(a) == \"1\" and stringContains(a, \"x\") and substring(a, 1) == \"\""
                + " and subtract(a, 1) == 0 and wildcard(a, \"x*\", \"y*\") and startsWith~(a, \"X\")"
                + " and CIDRMATCH(ip, \"10.0.0.0/8\")";
        List<EqlNode.Call> calls = new java.util.ArrayList<>();
        EqlWalk.expressions(condition(query), e -> {
            if (e instanceof EqlNode.Call call) {
                calls.add(call);
            }
        });
        assertThat(calls).extracting(EqlNode.Call::function).containsAll(List.of(EqlFunction.values()));
        assertThat(calls).filteredOn(EqlNode.Call::caseInsensitive).singleElement()
                .satisfies(c -> assertThat(c.function()).isEqualTo(EqlFunction.STARTS_WITH));
    }

    @Test
    void stringsWithEscapesAndRawStrings() {
        assertThat(literal("\"a\\tb\\nc\\\\d\\\"e\\'f\\r\\b\\f\"")).isEqualTo("a\tb\nc\\d\"e'f\r\b\f");
        assertThat(literal("\"\\u{41}\\u{1F600}\"")).isEqualTo("A\uD83D\uDE00");
        assertThat(literal("\"\"\"C:\\Windows\\\"quoted\" \"\"\"")).isEqualTo("C:\\Windows\\\"quoted\" ");
        assertThat(literal("\"\"\"two\nlines\"\"\"")).isEqualTo("two\nlines");
    }

    @Test
    void numbersBooleansAndNull() {
        assertThat(literalValue("42")).isEqualTo(42L);
        assertThat(literalValue("4.5")).isEqualTo(4.5);
        assertThat(literalValue(".5e1")).isEqualTo(5.0);
        assertThat(literalValue("99999999999999999999")).isEqualTo(1.0E20);
        assertThat(literalValue("true")).isEqualTo(true);
        assertThat(literalValue("false")).isEqualTo(false);
        assertThat(literalValue("null")).isNull();
    }

    @Test
    void commentsAreSkipped() {
        EqlNode.Statement statement = parse("// leading\nprocess /* inline /* nested */ */ where\n"
                + "  process.name == \"a\" // trailing");
        assertThat(((EqlNode.Comparison) ((EqlNode.EventQuery) statement.query()).filter().condition()).left()
                .span().start()).isEqualTo(new EqlNode.Position(53, 3, 3));
    }

    @Test
    void fieldsAreFoundInConditionsKeysAndPipes() {
        EqlNode.Statement statement = parse("sequence by host.id [process where a == 1] by b [file where"
                + " startsWith(c, \"x\")] until [process where d == 1] | filter e > 1");
        assertThat(EqlWalk.fields(statement)).extracting(EqlNode.Field::name)
                .containsExactly("host.id", "a", "b", "c", "d", "e");
    }

    private static String literal(String text) {
        return (String) literalValue(text);
    }

    private static Object literalValue(String text) {
        return ((EqlNode.Literal) ((EqlNode.Comparison) condition("any where x == " + text)).right()).value();
    }

    private static EqlNode.Field field(String name, int start, int end) {
        return new EqlNode.Field(name, false, span(start, end));
    }

    private static EqlNode.StringLiteral string(String value, int start, int end) {
        return new EqlNode.StringLiteral(value, false, span(start, end));
    }

    /** A span on the first line, from 0-based offsets. */
    private static EqlNode.Span span(int start, int end) {
        return new EqlNode.Span(new EqlNode.Position(start, 1, start + 1), new EqlNode.Position(end, 1, end + 1));
    }
}
