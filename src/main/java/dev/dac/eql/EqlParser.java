package dev.dac.eql;

import dev.dac.eql.EqlLexer.Kind;
import dev.dac.eql.EqlLexer.Token;
import dev.dac.eql.EqlNode.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses EQL as Elasticsearch does (the grammar x-pack/plugin/eql/src/main/antlr/EqlBase.g4 and the checks of its
 * LogicalPlanBuilder and function registry): precedence from loosest to tightest is or, and, not, comparison,
 * + and -, * / and %, unary minus, then a value with at most one of in / : / like / regex after it. Keywords are lower
 * case. What Elasticsearch refuses while building the plan (join, process relationships, array indexes, unknown
 * functions or pipes, wrong argument counts, single-quoted strings) is a syntax error here too.
 */
public final class EqlParser {

    /** Deeper nesting than any real query; beyond it the parser stops instead of exhausting the stack. */
    static final int MAX_DEPTH = 200;
    /** Elasticsearch's limit on {@code with runs=N}. */
    static final int MAX_RUNS = 100;

    static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "join", "like", "maxspan", "not",
            "null", "of", "or", "regex", "sample", "sequence", "true", "until", "where", "with");
    static final List<String> PIPES = List.of("head", "tail", "filter", "unique", "unique_count", "count");
    private static final List<String> TIME_UNITS = List.of("ms", "s", "m", "h", "d");

    private final EqlLexer lexer;
    private final List<Token> tokens;
    private int i;
    private int depth;

    private EqlParser(String query) throws EqlSyntaxException {
        this.lexer = new EqlLexer(query);
        this.tokens = lexer.tokens();
    }

    public static EqlNode.Statement parse(String query) throws EqlSyntaxException {
        return new EqlParser(query).statement();
    }

    /** A condition alone, as written after {@code where}. */
    public static Expr parseCondition(String condition) throws EqlSyntaxException {
        EqlParser parser = new EqlParser(condition);
        Expr expr = parser.expression();
        parser.expectEnd("'and', 'or' or the end of the condition");
        return expr;
    }

    // ---- statements ----

    private EqlNode.Statement statement() throws EqlSyntaxException {
        if (peek().kind() == Kind.EOF) {
            throw error(peek(), "the query is empty; write 'category where condition', a sequence or a sample");
        }
        int start = peek().start();
        EqlNode.Query query = query();
        List<EqlNode.Pipe> pipes = new ArrayList<>();
        while (peek().is("|")) {
            pipes.add(pipe());
        }
        expectEnd(query instanceof EqlNode.EventQuery ? "'and', 'or', '|' or the end of the query"
                : "'|' or the end of the query");
        return new EqlNode.Statement(query, pipes, span(start));
    }

    private EqlNode.Query query() throws EqlSyntaxException {
        Token first = peek();
        if (first.is("sequence")) {
            return sequence();
        }
        if (first.is("sample")) {
            return sample();
        }
        if (first.is("join")) {
            throw error(first, "join queries are not supported by Elasticsearch's EQL; write a sequence");
        }
        EqlNode.EventFilter filter = eventFilter();
        return new EqlNode.EventQuery(filter, filter.span());
    }

    private EqlNode.Sequence sequence() throws EqlSyntaxException {
        int start = next().start();
        List<Expr> by = List.of();
        EqlNode.MaxSpan maxSpan = null;
        if (peek().is("by")) {
            by = joinKeys();
            if (peek().is("with")) {
                maxSpan = maxSpan();
            }
        } else if (peek().is("with")) {
            maxSpan = maxSpan();
            if (peek().is("by")) {
                throw error(peek(), "write the sequence's 'by' keys before 'with maxspan', not after");
            }
        }
        List<EqlNode.Step> steps = new ArrayList<>();
        while (peek().is("[") || peek().is("![")) {
            steps.add(step(true));
        }
        // a step 'with runs=N' counts N times, so [query] with runs=3 alone is a sequence
        int queries = steps.stream().mapToInt(EqlNode.Step::runs).sum();
        if (queries < 2) {
            throw error(peek(), "a sequence needs at least 2 queries in [brackets] (or one 'with runs=N'), found "
                    + steps.size() + "; expected '[' but found " + found(peek()));
        }
        if (steps.stream().allMatch(EqlNode.Step::missing)) {
            throw error(steps.get(0).span(), "a sequence needs at least one query that is not a missing event ![...]");
        }
        EqlNode.Step until = null;
        if (peek().is("until")) {
            next();
            if (peek().is("![")) {
                throw error(peek(), "'until' takes a query in [brackets], not a missing event ![...]");
            }
            until = step(true);
            if (until.runs() != 1) {
                throw error(until.span(), "'until' takes no 'with runs'");
            }
        }
        return new EqlNode.Sequence(by, maxSpan, steps, until, span(start));
    }

    private EqlNode.Sample sample() throws EqlSyntaxException {
        int start = next().start();
        List<Expr> by = peek().is("by") ? joinKeys() : List.of();
        if (peek().is("with")) {
            throw error(peek(), "a sample takes no 'with' options (maxspan is for sequences)");
        }
        List<EqlNode.Step> steps = new ArrayList<>();
        while (peek().is("[") || peek().is("![")) {
            steps.add(step(false));
        }
        if (steps.size() < 2) {
            throw error(peek(), "a sample needs at least 2 queries in [brackets], found " + steps.size()
                    + "; expected '[' but found " + found(peek()));
        }
        return new EqlNode.Sample(by, steps, span(start));
    }

    /** {@code [filter] by keys with runs=N}, or {@code ![filter]}; the options in either order. */
    private EqlNode.Step step(boolean inSequence) throws EqlSyntaxException {
        Token open = next();
        boolean missing = open.is("![");
        if (missing && !inSequence) {
            throw error(open, "missing events ![...] are only allowed in sequences");
        }
        EqlNode.EventFilter filter = eventFilter();
        expect("]", "']' to close the query opened at line " + lexer.positionAt(open.start()).line() + ", column "
                + lexer.positionAt(open.start()).column() + " (or 'and', 'or')");
        List<Expr> by = List.of();
        int runs = 1;
        boolean sawBy = false;
        boolean sawRuns = false;
        while (true) {
            if (peek().is("by") && !sawBy) {
                by = joinKeys();
                sawBy = true;
            } else if (peek().is("with") && !sawRuns) {
                runs = runs(inSequence);
                sawRuns = true;
            } else {
                break;
            }
        }
        if (missing && runs != 1) {
            throw error(open, "a missing event ![...] takes no 'with runs'");
        }
        return new EqlNode.Step(filter, by, runs, missing, span(open.start()));
    }

    private int runs(boolean inSequence) throws EqlSyntaxException {
        Token with = next();
        Token key = peek();
        if (!inSequence) {
            throw error(with, "'with runs' is only allowed in sequences");
        }
        if (!key.is("runs")) {
            throw error(key, "expected 'runs' after 'with' but found " + found(key)
                    + (key.is("maxspan") ? " ('with maxspan' belongs right after 'sequence' or its 'by' keys)" : ""));
        }
        next();
        expect("=", "'=' after 'runs'");
        Token number = next();
        if (number.kind() != Kind.NUMBER || !number.text().chars().allMatch(Character::isDigit)) {
            throw error(number, "expected a whole number after 'runs=' but found " + found(number));
        }
        long runs = parseLongOr(number.text(), Long.MAX_VALUE);
        if (runs < 1 || runs > MAX_RUNS) {
            throw error(number, "'runs' must be between 1 and " + MAX_RUNS + ", not " + number.text());
        }
        return (int) runs;
    }

    private EqlNode.MaxSpan maxSpan() throws EqlSyntaxException {
        int start = next().start();
        Token key = peek();
        if (!key.is("maxspan")) {
            throw error(key, "expected 'maxspan' after 'with' but found " + found(key));
        }
        next();
        expect("=", "'=' after 'maxspan'");
        Token number = next();
        if (number.kind() != Kind.NUMBER || !number.text().chars().allMatch(Character::isDigit)) {
            throw error(number, "expected a whole number and a time unit after 'maxspan=' (as in 5m) but found "
                    + found(number));
        }
        Token unit = peek();
        if (unit.kind() != Kind.IDENT || KEYWORDS.contains(unit.text())) {
            throw error(unit, "maxspan needs a time unit: write " + number.text() + "s for seconds (units: "
                    + String.join(", ", TIME_UNITS) + ")");
        }
        if (!TIME_UNITS.contains(unit.text())) {
            throw error(unit, "unknown time unit '" + unit.text() + "' in maxspan; use one of "
                    + String.join(", ", TIME_UNITS));
        }
        next();
        long amount = parseLongOr(number.text(), -1);
        Duration duration;
        try {
            duration = switch (unit.text()) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException e) {
            amount = -1;
            duration = null;
        }
        if (amount < 0) {
            throw error(number, "maxspan " + number.text() + unit.text() + " is too long");
        }
        return new EqlNode.MaxSpan(amount, unit.text(), duration, span(start));
    }

    private List<Expr> joinKeys() throws EqlSyntaxException {
        next(); // by
        List<Expr> keys = new ArrayList<>();
        keys.add(expression());
        while (peek().is(",")) {
            next();
            keys.add(expression());
        }
        return keys;
    }

    private EqlNode.EventFilter eventFilter() throws EqlSyntaxException {
        Token category = next();
        String name;
        if (category.is("any")) {
            name = null;
        } else if ((category.kind() == Kind.IDENT && !KEYWORDS.contains(category.text()))
                || category.kind() == Kind.ESCAPED_IDENT || category.kind() == Kind.STRING
                || category.kind() == Kind.RAW_STRING) {
            name = category.value();
        } else {
            throw error(category, "expected an event category (as in 'process where ...') or 'any' but found "
                    + found(category));
        }
        Token where = peek();
        if (!where.is("where")) {
            throw error(where, "expected 'where' after the event category '" + category.text() + "' but found "
                    + found(where) + (where.text().equalsIgnoreCase("where") ? " (EQL keywords are lower case)" : ""));
        }
        next();
        Expr condition = expression();
        return new EqlNode.EventFilter(name, condition, span(category.start()), lexer.span(category.start(),
                category.end()));
    }

    private EqlNode.Pipe pipe() throws EqlSyntaxException {
        int start = next().start();
        Token name = next();
        if (name.kind() != Kind.IDENT || !PIPES.contains(name.text())) {
            throw error(name, "expected a pipe (" + String.join(", ", PIPES) + ") after '|' but found "
                    + found(name));
        }
        List<Expr> arguments = new ArrayList<>();
        if (!peek().is("|") && peek().kind() != Kind.EOF) {
            arguments.add(expression());
            while (peek().is(",")) {
                next();
                arguments.add(expression());
            }
        }
        EqlNode.Span nameSpan = lexer.span(name.start(), name.end());
        checkPipe(name, arguments);
        return new EqlNode.Pipe(name.text(), arguments, span(start), nameSpan);
    }

    /** What Elasticsearch requires of each pipe's arguments. */
    private void checkPipe(Token name, List<Expr> arguments) throws EqlSyntaxException {
        switch (name.text()) {
            case "head", "tail" -> {
                if (arguments.size() != 1 || !(arguments.get(0) instanceof EqlNode.NumberLiteral n)
                        || !(n.value() instanceof Long count) || count < 1) {
                    throw error(name, "'" + name.text() + "' takes one positive whole number, as in | "
                            + name.text() + " 10");
                }
            }
            case "filter" -> {
                if (arguments.size() != 1) {
                    throw error(name, "'filter' takes one condition, as in | filter process.pid > 4");
                }
            }
            case "unique" -> {
                if (arguments.isEmpty()) {
                    throw error(name, "'unique' takes the fields to be unique on, as in | unique host.name");
                }
            }
            default -> { }
        }
    }

    // ---- expressions ----

    private Expr expression() throws EqlSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "the query nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private Expr or() throws EqlSyntaxException {
        int start = peek().start();
        List<Expr> children = new ArrayList<>(List.of(and()));
        while (peek().is("or")) {
            next();
            children.add(and());
        }
        return children.size() == 1 ? children.get(0) : new EqlNode.Or(children, span(start));
    }

    private Expr and() throws EqlSyntaxException {
        int start = peek().start();
        List<Expr> children = new ArrayList<>(List.of(not()));
        while (peek().is("and")) {
            next();
            children.add(not());
        }
        return children.size() == 1 ? children.get(0) : new EqlNode.And(children, span(start));
    }

    private Expr not() throws EqlSyntaxException {
        Token first = peek();
        if (first.is("not")) {
            next();
            if (++depth > MAX_DEPTH) {
                throw error(peek(), "the query nests deeper than " + MAX_DEPTH + " levels");
            }
            try {
                Expr child = not();
                return new EqlNode.Not(child, span(first.start()));
            } finally {
                depth--;
            }
        }
        if (first.kind() == Kind.IDENT && peek(1).is("of")) {
            throw error(first, "process relationships ('" + first.text() + " of [...]') are not supported by"
                    + " Elasticsearch's EQL");
        }
        return comparison();
    }

    private Expr comparison() throws EqlSyntaxException {
        int start = peek().start();
        Expr left = additive();
        while (true) {
            Token op = peek();
            EqlNode.CompareOp compare = switch (op.kind() == Kind.SYMBOL ? op.text() : "") {
                case "==" -> EqlNode.CompareOp.EQ;
                case "!=" -> EqlNode.CompareOp.NEQ;
                case "<" -> EqlNode.CompareOp.LT;
                case "<=" -> EqlNode.CompareOp.LTE;
                case ">" -> EqlNode.CompareOp.GT;
                case ">=" -> EqlNode.CompareOp.GTE;
                default -> null;
            };
            if (op.is("=")) {
                throw error(op, "use == to compare, not =");
            }
            if (compare == null) {
                return left;
            }
            next();
            Expr right = additive();
            left = new EqlNode.Comparison(left, compare, right, span(start));
        }
    }

    private Expr additive() throws EqlSyntaxException {
        int start = peek().start();
        Expr left = multiplicative();
        while (peek().is("+") || peek().is("-")) {
            EqlNode.ArithmeticOp op = next().is("+") ? EqlNode.ArithmeticOp.ADD : EqlNode.ArithmeticOp.SUBTRACT;
            left = new EqlNode.Arithmetic(left, op, multiplicative(), span(start));
        }
        return left;
    }

    private Expr multiplicative() throws EqlSyntaxException {
        int start = peek().start();
        Expr left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            String symbol = next().text();
            EqlNode.ArithmeticOp op = symbol.equals("*") ? EqlNode.ArithmeticOp.MULTIPLY
                    : symbol.equals("/") ? EqlNode.ArithmeticOp.DIVIDE : EqlNode.ArithmeticOp.MODULO;
            left = new EqlNode.Arithmetic(left, op, unary(), span(start));
        }
        return left;
    }

    private Expr unary() throws EqlSyntaxException {
        Token sign = peek();
        if (sign.is("-") || sign.is("+")) {
            next();
            if (++depth > MAX_DEPTH) {
                throw error(peek(), "the query nests deeper than " + MAX_DEPTH + " levels");
            }
            try {
                Expr operand = unary();
                if (sign.is("+")) {
                    return operand;
                }
                if (operand instanceof EqlNode.NumberLiteral n) {
                    // a negative constant stays a constant, as Elasticsearch folds it
                    Number negated = n.value() instanceof Long l && l != Long.MIN_VALUE ? (Number) (-l)
                            : (Number) (-n.value().doubleValue());
                    return new EqlNode.NumberLiteral(negated, "-" + n.text(), span(sign.start()));
                }
                return new EqlNode.Negate(operand, span(sign.start()));
            } finally {
                depth--;
            }
        }
        Expr value = primary();
        return predicate(value);
    }

    /** At most one {@code in (...)}, {@code : "x"}, {@code like "x"} or {@code regex "x"} after a value. */
    private Expr predicate(Expr value) throws EqlSyntaxException {
        int start = value.span().start().offset();
        Token op = peek();
        boolean negated = false;
        if (op.is("not")) {
            Token after = peek(1);
            if (!after.is("in") && !after.isTilde("in")) {
                // 'a not b': the and/or level reports what was expected here
                return value;
            }
            next();
            negated = true;
            op = peek();
        }
        if (op.is("in") || op.isTilde("in")) {
            next();
            Token open = peek();
            expect("(", "'(' and a list of values after '" + op.text() + "'");
            List<Expr> candidates = new ArrayList<>();
            candidates.add(expression());
            while (peek().is(",")) {
                next();
                candidates.add(expression());
            }
            expect(")", "',' or ')' to close the list opened at line " + lexer.positionAt(open.start()).line()
                    + ", column " + lexer.positionAt(open.start()).column());
            return new EqlNode.InList(value, candidates, negated, op.kind() == Kind.TILDE_IDENT, span(start));
        }
        EqlNode.MatchOp match = op.is(":") ? EqlNode.MatchOp.SEQ
                : op.is("like") || op.isTilde("like") ? EqlNode.MatchOp.LIKE
                : op.is("regex") || op.isTilde("regex") ? EqlNode.MatchOp.REGEX : null;
        if (match == null) {
            return value;
        }
        next();
        List<EqlNode.Literal> patterns = new ArrayList<>();
        if (peek().is("(")) {
            Token open = next();
            patterns.add(pattern(op));
            while (peek().is(",")) {
                next();
                patterns.add(pattern(op));
            }
            expect(")", "',' or ')' to close the list opened at line " + lexer.positionAt(open.start()).line()
                    + ", column " + lexer.positionAt(open.start()).column());
        } else {
            patterns.add(pattern(op));
        }
        boolean insensitive = match == EqlNode.MatchOp.SEQ || op.kind() == Kind.TILDE_IDENT;
        return new EqlNode.Match(value, match, insensitive, patterns, span(start));
    }

    /** The right side of :, like and regex is a constant: Elasticsearch takes no field or expression there. */
    private EqlNode.Literal pattern(Token op) throws EqlSyntaxException {
        Token token = peek();
        Expr pattern = primary();
        if (pattern instanceof EqlNode.Literal literal) {
            return literal;
        }
        throw error(token, "'" + op.text() + "' takes a constant (a string) on its right, not " + found(token));
    }

    private Expr primary() throws EqlSyntaxException {
        Token token = peek();
        switch (token.kind()) {
            case STRING, RAW_STRING -> {
                next();
                return new EqlNode.StringLiteral(token.value(), token.kind() == Kind.RAW_STRING, span(token.start()));
            }
            case NUMBER -> {
                next();
                return number(token);
            }
            case TILDE_IDENT -> {
                if (peek(1).is("(")) {
                    return call();
                }
                throw error(token, "expected a field, a value or '(' but found " + found(token));
            }
            case ESCAPED_IDENT -> {
                return field(false);
            }
            case IDENT -> {
                if (token.is("true") || token.is("false")) {
                    next();
                    return new EqlNode.BooleanLiteral(token.is("true"), span(token.start()));
                }
                if (token.is("null")) {
                    next();
                    return new EqlNode.NullLiteral(span(token.start()));
                }
                if (peek(1).is("(") && !KEYWORDS.contains(token.text())) {
                    return call();
                }
                if (KEYWORDS.contains(token.text())) {
                    throw error(token, "expected a field, a value or '(' but found the keyword '" + token.text()
                            + "' (a field of that name is written `" + token.text() + "`)");
                }
                return field(false);
            }
            case SYMBOL -> {
                if (token.is("(")) {
                    next();
                    Expr inner = expression();
                    expect(")", "')' to close the '(' at line " + lexer.positionAt(token.start()).line()
                            + ", column " + lexer.positionAt(token.start()).column() + " (or 'and', 'or')");
                    return inner;
                }
                if (token.is("?")) {
                    next();
                    Token name = peek();
                    if ((name.kind() != Kind.IDENT && name.kind() != Kind.ESCAPED_IDENT)
                            || KEYWORDS.contains(name.text())) {
                        throw error(name, "expected a field name after '?' but found " + found(name));
                    }
                    return field(true);
                }
                throw error(token, "expected a field, a value or '(' but found " + found(token));
            }
            default -> throw error(token, "expected a field, a value or '(' but found " + found(token));
        }
    }

    private Expr number(Token token) throws EqlSyntaxException {
        String text = token.text();
        Number value;
        if (text.chars().allMatch(Character::isDigit)) {
            long parsed = parseLongOr(text, -1);
            value = parsed >= 0 ? (Number) parsed : (Number) Double.parseDouble(text);
        } else {
            value = Double.parseDouble(text);
        }
        return new EqlNode.NumberLiteral(value, text, span(token.start()));
    }

    /** A dotted field name: identifiers or `backquoted` parts; {@code [0]} indexes are refused, as in Elasticsearch. */
    private EqlNode.Field field(boolean optional) throws EqlSyntaxException {
        int start = optional ? tokens.get(i - 1).start() : peek().start();
        StringBuilder name = new StringBuilder(next().value());
        while (true) {
            if (peek().is(".")) {
                next();
                Token part = next();
                if ((part.kind() != Kind.IDENT || KEYWORDS.contains(part.text())) && part.kind() != Kind.ESCAPED_IDENT) {
                    throw error(part, "expected a field name part after '.' but found " + found(part)
                            + (part.kind() == Kind.IDENT ? " (write it `" + part.text() + "`)" : ""));
                }
                name.append('.').append(part.value());
            } else if (peek().is("[") && peek(1).kind() == Kind.NUMBER) {
                throw error(peek(), "array indexes ([n]) are not supported by Elasticsearch's EQL");
            } else {
                return new EqlNode.Field(name.toString(), optional, span(start));
            }
        }
    }

    private Expr call() throws EqlSyntaxException {
        Token name = next();
        boolean tilde = name.kind() == Kind.TILDE_IDENT;
        Optional<EqlFunction> function = EqlFunction.named(name.value());
        if (function.isEmpty()) {
            Optional<EqlFunction> closest = EqlFunction.closest(name.value());
            throw error(name, "unknown function '" + name.value() + "'" + closest.map(f -> "; did you mean '"
                    + f.eqlName() + "'?").orElse("; EQL's functions are " + String.join(", ",
                    java.util.Arrays.stream(EqlFunction.values()).map(EqlFunction::eqlName).toList())));
        }
        EqlFunction f = function.get();
        if (tilde && !f.hasCaseInsensitiveForm()) {
            throw error(name, "function '" + f.eqlName() + "' has no case-insensitive form '" + name.text() + "'");
        }
        Token open = next(); // (
        List<Expr> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            arguments.add(expression());
            while (peek().is(",")) {
                next();
                arguments.add(expression());
            }
        }
        expect(")", "',' or ')' to close the arguments of '" + name.text() + "' opened at line "
                + lexer.positionAt(open.start()).line() + ", column " + lexer.positionAt(open.start()).column());
        if (arguments.size() < f.minArguments() || arguments.size() > f.maxArguments()) {
            String wanted = f.minArguments() == f.maxArguments() ? String.valueOf(f.minArguments())
                    : f.maxArguments() == Integer.MAX_VALUE ? "at least " + f.minArguments()
                    : f.minArguments() + " to " + f.maxArguments();
            throw error(name, "function '" + f.eqlName() + "' takes " + wanted + " argument"
                    + (wanted.equals("1") ? "" : "s") + ", not " + arguments.size());
        }
        return new EqlNode.Call(f, tilde, arguments, span(name.start()), lexer.span(name.start(), name.end()));
    }

    // ---- tokens ----

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(i);
        if (token.kind() != Kind.EOF) {
            i++;
        }
        return token;
    }

    private void expect(String symbol, String what) throws EqlSyntaxException {
        Token token = peek();
        if (!token.is(symbol)) {
            throw error(token, "expected " + what + " but found " + found(token));
        }
        next();
    }

    private void expectEnd(String what) throws EqlSyntaxException {
        Token token = peek();
        if (token.kind() != Kind.EOF) {
            String hint = KEYWORDS.contains(token.text().toLowerCase(Locale.ROOT))
                    && !KEYWORDS.contains(token.text()) ? " (EQL keywords are lower case)" : "";
            throw error(token, "expected " + what + " but found " + found(token) + hint);
        }
    }

    /** From {@code start} to the end of the last token read. */
    private EqlNode.Span span(int start) {
        int end = i == 0 ? start : Math.max(start, tokens.get(i - 1).end());
        return lexer.span(start, end);
    }

    private EqlSyntaxException error(Token at, String problem) {
        return lexer.error(at.start(), problem);
    }

    private EqlSyntaxException error(EqlNode.Span at, String problem) {
        return new EqlSyntaxException(at.start(), problem);
    }

    private static String found(Token token) {
        if (token.kind() == Kind.EOF) {
            return "the end of the query";
        }
        String text = token.text().length() > 40 ? token.text().substring(0, 40) + "..." : token.text();
        return "'" + text + "'";
    }

    private static long parseLongOr(String digits, long fallback) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
