package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every form of error: the message says what is wrong, and the line and column point at it. */
class EqlSyntaxErrorTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", 1, 1, "the query is empty"),
                Arguments.of("process", 1, 8, "expected 'where' after the event category 'process' but found the end"),
                Arguments.of("process WHERE true", 1, 9, "(EQL keywords are lower case)"),
                Arguments.of("where true", 1, 1, "expected an event category"),
                Arguments.of("process where", 1, 14, "expected a field, a value or '(' but found the end of the query"),
                Arguments.of("process where a == 'x'", 1, 20, "use double quotes"),
                Arguments.of("process where a == ?\"x\"", 1, 20, "use triple quotes"),
                Arguments.of("process where a == \"x", 1, 20, "is not closed on its line"),
                Arguments.of("process where a == \"\"\"x", 1, 20, "is never closed with"),
                Arguments.of("process where a == \"\\q\"", 1, 21, "unknown escape sequence \\q"),
                Arguments.of("process where a == \"\\u{zz}\"", 1, 21, "\\u{XXXX} with 2 to 8 hex digits"),
                Arguments.of("process where a == 1 /* open", 1, 22, "comment '/*' is never closed"),
                Arguments.of("process where `a == 1", 1, 15, "field name '`' is never closed"),
                Arguments.of("process where a = 1", 1, 17, "use == to compare, not ="),
                Arguments.of("process where a == 1 b", 1, 22, "expected 'and', 'or', '|' or the end of the query but"
                        + " found 'b'"),
                Arguments.of("process where a == 1 AND b == 2", 1, 22, "(EQL keywords are lower case)"),
                Arguments.of("process where (a == 1", 1, 22, "expected ')' to close the '(' at line 1, column 15"),
                Arguments.of("process where a in (1, 2", 1, 25, "to close the list opened at line 1, column 20"),
                Arguments.of("process where a in 1", 1, 20, "expected '(' and a list of values after 'in'"),
                Arguments.of("process where a : b", 1, 19, "':' takes a constant (a string) on its right"),
                Arguments.of("process where a not like \"x\"", 1, 17, "expected 'and', 'or', '|'"),
                Arguments.of("process where a == #", 1, 20, "unexpected character '#'"),
                Arguments.of("process where a[0] == 1", 1, 16, "array indexes ([n]) are not supported"),
                Arguments.of("process where a.by == 1", 1, 17, "expected a field name part after '.' but found 'by'"
                        + " (write it `by`)"),
                Arguments.of("process where by == 1", 1, 15, "found the keyword 'by'"),
                Arguments.of("process where ? == 1", 1, 17, "expected a field name after '?' but found '=='"),
                Arguments.of("process where lenght(a) == 1", 1, 15, "unknown function 'lenght'; did you mean 'length'?"),
                Arguments.of("process where length(a, b) == 1", 1, 15, "function 'length' takes 1 argument, not 2"),
                Arguments.of("process where add(1) == 1", 1, 15, "function 'add' takes 2 arguments, not 1"),
                Arguments.of("process where length~(a) == 1", 1, 15, "has no case-insensitive form 'length~'"),
                Arguments.of("process where descendant of [process where true]", 1, 15,
                        "process relationships ('descendant of [...]') are not supported"),
                Arguments.of("join [process where true] [file where true]", 1, 1, "join queries are not supported"),
                Arguments.of("sequence [process where true]", 1, 30, "a sequence needs at least 2 queries"),
                Arguments.of("sequence ![process where true] ![file where true]", 1, 10,
                        "at least one query that is not a missing event"),
                Arguments.of("sequence with maxspan=5m by a [any where true] [any where true]", 1, 26,
                        "write the sequence's 'by' keys before 'with maxspan'"),
                Arguments.of("sequence with maxspan=5 [any where true] [any where true]", 1, 25,
                        "maxspan needs a time unit: write 5s"),
                Arguments.of("sequence with maxspan=5w [any where true] [any where true]", 1, 24,
                        "unknown time unit 'w' in maxspan; use one of ms, s, m, h, d"),
                Arguments.of("sequence with maxspan=1.5m [any where true] [any where true]", 1, 23,
                        "expected a whole number and a time unit"),
                Arguments.of("sequence with span=5m [any where true] [any where true]", 1, 15,
                        "expected 'maxspan' after 'with'"),
                Arguments.of("sequence [any where true] with runs=0 [any where true]", 1, 37,
                        "'runs' must be between 1 and 100, not 0"),
                Arguments.of("sequence [any where true] with runs=101", 1, 37, "between 1 and 100, not 101"),
                Arguments.of("sequence [any where true] with times=2 [any where true]", 1, 32, "expected 'runs'"),
                Arguments.of("sequence [any where true] ![any where true] with runs=2 [any where true]", 1, 27,
                        "a missing event ![...] takes no 'with runs'"),
                Arguments.of("sequence [any where true] [any where true] until ![any where true]", 1, 50,
                        "'until' takes a query in [brackets], not a missing event"),
                Arguments.of("sequence [any where true\n  [any where true]", 2, 3,
                        "expected ']' to close the query opened at line 1, column 10"),
                Arguments.of("sample by a [any where true]", 1, 29, "a sample needs at least 2 queries"),
                Arguments.of("sample [any where true] ![any where true]", 1, 25,
                        "missing events ![...] are only allowed in sequences"),
                Arguments.of("sample [any where true] with runs=2 [any where true]", 1, 25,
                        "'with runs' is only allowed in sequences"),
                Arguments.of("sample with maxspan=1m [any where true] [any where true]", 1, 8,
                        "a sample takes no 'with' options"),
                Arguments.of("process where true | sort a", 1, 22, "expected a pipe (head, tail, filter, unique,"
                        + " unique_count, count) after '|' but found 'sort'"),
                Arguments.of("process where true | head", 1, 22, "'head' takes one positive whole number"),
                Arguments.of("process where true | tail -1", 1, 22, "'tail' takes one positive whole number"),
                Arguments.of("process where true | filter", 1, 22, "'filter' takes one condition"),
                Arguments.of("process where true | unique", 1, 22, "'unique' takes the fields"),
                Arguments.of("process where\n  a == 1 and\n  b == ", 3, 8, "expected a field, a value or '('"));
    }

    @ParameterizedTest(name = "{index}: [{0}]")
    @MethodSource("errors")
    void errorSaysWhatAndWhere(String query, int line, int column, String message) {
        EqlSyntaxException e = catchThrowableOfType(EqlSyntaxException.class, () -> EqlParser.parse(query));
        assertThat(e).as(query).isNotNull();
        assertThat(e.problem()).contains(message);
        assertThat(e.line()).as("line of " + e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of " + e.getMessage()).isEqualTo(column);
        assertThat(e.getMessage()).startsWith("EQL syntax error at line " + line + ", column " + column + ": ");
    }

    @Test
    void tooDeepNestingIsASyntaxErrorNotAStackOverflow() {
        String deep = "any where " + "(".repeat(5000) + "a == 1" + ")".repeat(5000);
        EqlSyntaxException e = catchThrowableOfType(EqlSyntaxException.class, () -> EqlParser.parse(deep));
        assertThat(e.problem()).contains("nests deeper than " + EqlParser.MAX_DEPTH);
        String nots = "any where " + "not ".repeat(5000) + "true";
        assertThat(catchThrowableOfType(EqlSyntaxException.class, () -> EqlParser.parse(nots)).problem())
                .contains("nests deeper");
    }
}
