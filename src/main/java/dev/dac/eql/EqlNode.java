package dev.dac.eql;

import java.time.Duration;
import java.util.List;

/**
 * A parsed EQL query, shaped after Elasticsearch's EQL grammar (x-pack/plugin/eql/src/main/antlr/EqlBase.g4): a
 * {@link Statement} holds one {@link Query} (an event query, a sequence or a sample) and its pipes; conditions are
 * {@link Expr} trees. Every node knows the stretch of query text it was parsed from, so findings point at it.
 */
public sealed interface EqlNode {

    /** The query text this node was parsed from. */
    Span span();

    /** A place in the query text: the 0-based character offset, and the 1-based line and column it stands on. */
    record Position(int offset, int line, int column) {}

    /** From {@code start} (the first character) to {@code end} (just after the last). */
    record Span(Position start, Position end) {}

    // ---- statements and queries ----

    /** A whole query: {@code query | pipe | pipe}. */
    record Statement(Query query, List<Pipe> pipes, Span span) implements EqlNode {
        public Statement {
            pipes = List.copyOf(pipes);
        }
    }

    /** What a statement searches for before its pipes. */
    sealed interface Query extends EqlNode {}

    /** {@code category where condition} or {@code any where condition}. */
    record EventQuery(EventFilter filter, Span span) implements Query {}

    /**
     * {@code sequence [by keys] [with maxspan=N] step step... [until step]}. {@code maxSpan} and {@code until} are
     * null when the query has none. The join keys of a step are the sequence's {@code by} keys followed by the
     * step's own.
     */
    record Sequence(List<Expr> by, MaxSpan maxSpan, List<Step> steps, Step until, Span span) implements Query {
        public Sequence {
            by = List.copyOf(by);
            steps = List.copyOf(steps);
        }
    }

    /** {@code sample [by keys] step step...}: events of each step sharing the join keys, in any order. */
    record Sample(List<Expr> by, List<Step> steps, Span span) implements Query {
        public Sample {
            by = List.copyOf(by);
            steps = List.copyOf(steps);
        }
    }

    /**
     * {@code [filter] [by keys] [with runs=N]} in a sequence or sample; {@code ![filter]} when {@code missing}: a
     * missing event, which must not occur between its neighbours. {@code runs} is 1 unless the step repeats.
     */
    record Step(EventFilter filter, List<Expr> by, int runs, boolean missing, Span span) implements EqlNode {
        public Step {
            by = List.copyOf(by);
        }
    }

    /**
     * {@code category where condition}; {@code category} is null for {@code any}. Elasticsearch matches the
     * category against {@code event.category}.
     */
    record EventFilter(String category, Expr condition, Span span, Span categorySpan) implements EqlNode {
        public boolean any() {
            return category == null;
        }
    }

    /** {@code with maxspan=5m}: the amount and unit as written (ms, s, m, h or d) and the duration they make. */
    record MaxSpan(long amount, String unit, Duration duration, Span span) implements EqlNode {}

    /** {@code | name arg, arg}: head, tail, filter, unique, unique_count or count. */
    record Pipe(String name, List<Expr> arguments, Span span, Span nameSpan) implements EqlNode {
        public Pipe {
            arguments = List.copyOf(arguments);
        }
    }

    // ---- expressions ----

    /** A condition or a value inside one. */
    sealed interface Expr extends EqlNode {}

    /** {@code a and b and c}. */
    record And(List<Expr> children, Span span) implements Expr {
        public And {
            children = List.copyOf(children);
        }
    }

    /** {@code a or b or c}. */
    record Or(List<Expr> children, Span span) implements Expr {
        public Or {
            children = List.copyOf(children);
        }
    }

    record Not(Expr child, Span span) implements Expr {}

    /** {@code left op right} with ==, !=, <, <=, > or >=. */
    record Comparison(Expr left, CompareOp op, Expr right, Span span) implements Expr {}

    enum CompareOp {
        EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code value in (a, b)}, {@code value not in (...)}, {@code value in~ (...)} (case-insensitive). */
    record InList(Expr value, List<Expr> candidates, boolean negated, boolean caseInsensitive, Span span)
            implements Expr {
        public InList {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * {@code value : "pattern"}, {@code like}, {@code like~}, {@code regex}, {@code regex~}, with one pattern or a
     * list in parentheses (any of them matches). {@code :} is always case-insensitive; its patterns and like's use
     * {@code *} and {@code ?} wildcards.
     */
    record Match(Expr value, MatchOp op, boolean caseInsensitive, List<Literal> patterns, Span span)
            implements Expr {
        public Match {
            patterns = List.copyOf(patterns);
        }
    }

    enum MatchOp {
        /** {@code :}: case-insensitive equality, with wildcards. */
        SEQ,
        LIKE,
        REGEX
    }

    /** {@code left op right} with +, -, *, / or %. */
    record Arithmetic(Expr left, ArithmeticOp op, Expr right, Span span) implements Expr {}

    enum ArithmeticOp {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

        private final String symbol;

        ArithmeticOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code -value}. */
    record Negate(Expr operand, Span span) implements Expr {}

    /**
     * {@code name(args)}; {@code caseInsensitive} for the {@code name~(args)} form. The name is one of
     * {@link EqlFunction}'s, checked by the parser.
     */
    record Call(EqlFunction function, boolean caseInsensitive, List<Expr> arguments, Span span, Span nameSpan)
            implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A field, its name joined with dots (backquoted parts unquoted); {@code optional} for {@code ?field}, which
     * may be absent from the mappings and then reads as null.
     */
    record Field(String name, boolean optional, Span span) implements Expr {}

    /** A constant. */
    sealed interface Literal extends Expr {
        /** The value: a String, a Long or Double, a Boolean, or null. */
        Object value();
    }

    /** A string, its escapes resolved; {@code raw} when written between triple quotes. */
    record StringLiteral(String value, boolean raw, Span span) implements Literal {}

    /** A number: a Long for an integer that fits, else a Double; {@code text} as written. */
    record NumberLiteral(Number value, String text, Span span) implements Literal {}

    record BooleanLiteral(Boolean value, Span span) implements Literal {}

    record NullLiteral(Span span) implements Literal {
        @Override
        public Object value() {
            return null;
        }
    }
}
