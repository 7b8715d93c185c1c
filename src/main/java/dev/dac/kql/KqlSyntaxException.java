package dev.dac.kql;

import java.util.List;

/**
 * A KQL query that does not parse: where (1-based line and column, and the offset), what the parser expected there,
 * and what it found instead.
 */
public final class KqlSyntaxException extends Exception {

    private final int line;
    private final int column;
    private final int offset;
    private final List<String> expected;
    private final String found;

    KqlSyntaxException(int line, int column, int offset, List<String> expected, String found) {
        super(describe(line, column, expected, found));
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.expected = List.copyOf(expected);
        this.found = found;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public int offset() {
        return offset;
    }

    public List<String> expected() {
        return expected;
    }

    /** What stood at the error position, or {@code end of query}. */
    public String found() {
        return found;
    }

    /** What went wrong, without the position: "expected ... but found ...". */
    public String problem() {
        return problem(expected, found);
    }

    private static String problem(List<String> expected, String found) {
        String wanted = expected.isEmpty() ? "something else"
                : expected.size() == 1 ? expected.get(0)
                : String.join(", ", expected.subList(0, expected.size() - 1)) + " or " + expected.get(expected.size() - 1);
        return "expected " + wanted + " but found " + found;
    }

    private static String describe(int line, int column, List<String> expected, String found) {
        return "KQL syntax error at line " + line + ", column " + column + ": " + problem(expected, found);
    }
}
