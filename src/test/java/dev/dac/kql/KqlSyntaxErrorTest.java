package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queries Kibana's grammar refuses, with where the error is and what could have stood there. */
class KqlSyntaxErrorTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a:", 1, 3, "a value"),
                Arguments.of("a: ", 1, 4, "a value"),
                Arguments.of("a: (b or ", 1, 10, "a value"),
                Arguments.of("a: (b or c", 1, 11, "')'"),
                Arguments.of("(a: b", 1, 6, "')'"),
                Arguments.of("a: b)", 1, 5, "end of query"),
                Arguments.of("not not a: 1", 1, 5, "a field name"),
                Arguments.of("a: not b", 1, 4, "a value"),
                Arguments.of("a: \"unclosed", 1, 13, "'\"' to close the quoted text"),
                Arguments.of("a: b:c", 1, 5, "end of query"),
                Arguments.of("n: { a: b", 1, 10, "'}'"),
                Arguments.of("n: { }", 1, 6, "a field name"),
                Arguments.of("a < ", 1, 5, "a value"),
                Arguments.of("a <", 1, 4, "a value"),
                Arguments.of("a < (b)", 1, 5, "a value"),
                Arguments.of("a <> b", 1, 4, "a value"),
                Arguments.of("a: b\nand c:", 2, 7, "a value"),
                Arguments.of("a: b\n  and (c: d", 2, 12, "')'"),
                Arguments.of("a: \\x", 1, 4, "a value"),
                Arguments.of("a: b \\", 1, 6, "end of query"),
                Arguments.of(":", 1, 1, "a field name"),
                Arguments.of("()", 1, 2, "a field name"),
                Arguments.of("a: ()", 1, 5, "a value"),
                Arguments.of("a: (b c: d)", 1, 8, "')'"),
                Arguments.of("a: b\"", 1, 5, "end of query"),
                Arguments.of("a: (b) c", 1, 8, "end of query"),
                Arguments.of("not (a: b", 1, 10, "')'"),
                Arguments.of("a: b or (", 1, 10, "a field name"),
                Arguments.of("{a: b}", 1, 1, "a field name"),
                Arguments.of("a >= ", 1, 6, "a value"),
                Arguments.of("a: b > c", 1, 6, "end of query"),
                Arguments.of("a: \\u12", 1, 4, "a value"),
                Arguments.of("a: \"x\" \"y\"", 1, 8, "end of query"),
                Arguments.of("n: { a: b } }", 1, 13, "end of query"),
                Arguments.of("a: (b or c))", 1, 12, "end of query"),
                Arguments.of("a:: b", 1, 3, "a value"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void reportsPositionAndExpectation(String query, int line, int column, String expected) {
        KqlSyntaxException e = catchThrowableOfType(KqlSyntaxException.class, () -> KqlParser.parse(query));

        assertThat(e).as("'%s' must not parse", query).isNotNull();
        assertThat(e.line()).as("line").isEqualTo(line);
        assertThat(e.column()).as("column").isEqualTo(column);
        assertThat(e.expected()).as("expected").contains(expected);
        assertThat(e.getMessage()).startsWith("KQL syntax error at line " + line + ", column " + column + ": expected ");
    }

    @Test
    void saysWhatWasFound() {
        KqlSyntaxException e = catchThrowableOfType(KqlSyntaxException.class, () -> KqlParser.parse("a: b)"));
        assertThat(e.found()).isEqualTo("')'");
        assertThat(catchThrowableOfType(KqlSyntaxException.class, () -> KqlParser.parse("a:")).found())
                .isEqualTo("end of query");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "a: b" + ")".repeat(5000);
        KqlSyntaxException e = catchThrowableOfType(KqlSyntaxException.class, () -> KqlParser.parse(deep));
        assertThat(e.getMessage()).contains("nested at most " + KqlParser.MAX_DEPTH + " levels deep");
    }
}
