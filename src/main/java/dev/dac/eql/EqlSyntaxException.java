package dev.dac.eql;

/**
 * An EQL query that Elasticsearch would refuse before running it: where (1-based line and column of the query text,
 * and the offset), and what is wrong there.
 */
public final class EqlSyntaxException extends Exception {

    private final int line;
    private final int column;
    private final int offset;
    private final String problem;

    EqlSyntaxException(EqlNode.Position at, String problem) {
        super("EQL syntax error at line " + at.line() + ", column " + at.column() + ": " + problem, null, false, false);
        this.line = at.line();
        this.column = at.column();
        this.offset = at.offset();
        this.problem = problem;
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

    /** What went wrong, without the position. */
    public String problem() {
        return problem;
    }
}
