package dev.dac.eql;

import dev.dac.eql.EqlNode.Expr;
import dev.dac.kql.DocumentValues;
import dev.dac.kql.IpLiteral;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether one JSON document meets an EQL condition, for the part of a condition Query DSL cannot say (the
 * residue of {@link EqlTranslator}) and for join keys. It follows Elasticsearch's EQL reference (syntax and function
 * pages, docs/reference/eql/functions.asciidoc): {@code ==}, {@code !=} and {@code in} compare text case-sensitively,
 * {@code :}, {@code like~}, {@code regex~}, {@code in~} and {@code name~()} ignore case; {@code :} and {@code like}
 * take {@code *} and {@code ?} wildcards, {@code regex} Lucene's regular expressions (matched against the whole
 * value); functions return null for a null argument, as documented for each.
 *
 * <p>Agreement with the Query DSL the translator writes: a comparison of a field holds when any of the field's values
 * meets it (as a term query on an array), {@code field != value} holds where the field is missing, a condition that
 * is null (a function of a missing field) is false, and {@code not} is the complement. A function over a multi-valued
 * field holds when it holds for one combination of values.
 */
public final class EqlEvaluator {

    /** At most this many combinations of multi-valued arguments are tried for one function call. */
    private static final int MAX_COMBINATIONS = 4096;

    /** A condition Elasticsearch itself would fail on for this event (division by zero, an unreadable number...). */
    public static final class EvaluationException extends RuntimeException {
        public EvaluationException(String message) {
            super(message);
        }
    }

    /** Whether {@code document} (an event's source) meets {@code condition}. */
    public boolean matches(Expr condition, JsonNode document) {
        return truth(condition, document);
    }

    /**
     * The values {@code expr} takes on {@code document}: a field's values (several for an array), a constant, or what
     * a function or arithmetic yields; empty when it is null.
     */
    public List<Object> values(Expr expr, JsonNode document) {
        if (expr instanceof EqlNode.Field field) {
            List<Object> out = new ArrayList<>();
            for (JsonNode leaf : DocumentValues.leaves(document, field.name())) {
                out.add(javaValue(leaf));
            }
            return out;
        }
        if (expr instanceof EqlNode.Literal literal) {
            return literal.value() == null ? List.of() : List.of(literal.value());
        }
        if (expr instanceof EqlNode.Negate negate) {
            return combine(List.of(negate.operand()), document, args -> negate(args.get(0)));
        }
        if (expr instanceof EqlNode.Arithmetic arithmetic) {
            return combine(List.of(arithmetic.left(), arithmetic.right()), document,
                    args -> arithmetic(arithmetic.op(), args.get(0), args.get(1)));
        }
        if (expr instanceof EqlNode.Call call) {
            return combine(call.arguments(), document, args -> call(call, args));
        }
        return List.of(truth(expr, document));
    }

    private boolean truth(Expr expr, JsonNode doc) {
        if (expr instanceof EqlNode.And and) {
            return and.children().stream().allMatch(c -> truth(c, doc));
        }
        if (expr instanceof EqlNode.Or or) {
            return or.children().stream().anyMatch(c -> truth(c, doc));
        }
        if (expr instanceof EqlNode.Not not) {
            return !truth(not.child(), doc);
        }
        if (expr instanceof EqlNode.BooleanLiteral b) {
            return b.value();
        }
        if (expr instanceof EqlNode.Comparison c) {
            return comparison(c, doc);
        }
        if (expr instanceof EqlNode.InList in) {
            return in.negated() != in(in, doc);
        }
        if (expr instanceof EqlNode.Match match) {
            return match(match, doc);
        }
        // a field alone, or a boolean function: true when some value is true
        return values(expr, doc).stream().anyMatch(Boolean.TRUE::equals);
    }

    private boolean comparison(EqlNode.Comparison c, JsonNode doc) {
        if (c.right() instanceof EqlNode.NullLiteral || c.left() instanceof EqlNode.NullLiteral) {
            Expr other = c.right() instanceof EqlNode.NullLiteral ? c.left() : c.right();
            boolean isNull = values(other, doc).isEmpty();
            return switch (c.op()) {
                case EQ -> isNull;
                case NEQ -> !isNull;
                default -> false;
            };
        }
        List<Object> left = values(c.left(), doc);
        List<Object> right = values(c.right(), doc);
        if (c.op() == EqlNode.CompareOp.NEQ && (c.left() instanceof EqlNode.Field || c.right() instanceof EqlNode.Field)) {
            // a negated term: no value of the field equals the other side (true where the field is missing)
            for (Object l : left) {
                for (Object r : right) {
                    if (compare(EqlNode.CompareOp.EQ, l, r, false)) {
                        return false;
                    }
                }
            }
            return true;
        }
        for (Object l : left) {
            for (Object r : right) {
                if (compare(c.op(), l, r, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean in(EqlNode.InList in, JsonNode doc) {
        List<Object> values = values(in.value(), doc);
        for (Expr candidate : in.candidates()) {
            if (candidate instanceof EqlNode.NullLiteral) {
                if (values.isEmpty()) {
                    return true;
                }
                continue;
            }
            for (Object option : values(candidate, doc)) {
                for (Object value : values) {
                    if (compare(EqlNode.CompareOp.EQ, value, option, in.caseInsensitive())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean match(EqlNode.Match match, JsonNode doc) {
        List<Object> values = values(match.value(), doc);
        boolean insensitive = match.caseInsensitive() || match.op() == EqlNode.MatchOp.SEQ;
        for (EqlNode.Literal literal : match.patterns()) {
            if (literal.value() == null) {
                continue;
            }
            Pattern pattern = match.op() == EqlNode.MatchOp.REGEX
                    ? luceneRegex(String.valueOf(literal.value()), insensitive)
                    : wildcard(String.valueOf(literal.value()), insensitive);
            for (Object value : values) {
                if (pattern.matcher(text(value)).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Equality and order between two non-null values; text that spells a number compares with numbers. */
    static boolean compare(EqlNode.CompareOp op, Object a, Object b, boolean caseInsensitive) {
        Integer order = order(a, b, caseInsensitive);
        if (order == null) {
            return op == EqlNode.CompareOp.NEQ;
        }
        return switch (op) {
            case EQ -> order == 0;
            case NEQ -> order != 0;
            case LT -> order < 0;
            case LTE -> order <= 0;
            case GT -> order > 0;
            case GTE -> order >= 0;
        };
    }

    private static Integer order(Object a, Object b, boolean caseInsensitive) {
        if (a instanceof Number || b instanceof Number) {
            Optional<BigDecimal> x = decimal(a);
            Optional<BigDecimal> y = decimal(b);
            return x.isPresent() && y.isPresent() ? x.get().compareTo(y.get()) : null;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return text(a).equalsIgnoreCase(text(b)) ? 0 : null;
        }
        String x = text(a);
        String y = text(b);
        return caseInsensitive ? x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT)) : x.compareTo(y);
    }

    private static Optional<BigDecimal> decimal(Object value) {
        if (value instanceof Long l) {
            return Optional.of(BigDecimal.valueOf(l));
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? Optional.empty() : Optional.of(BigDecimal.valueOf(d));
        }
        if (value instanceof String s) {
            try {
                return Optional.of(new BigDecimal(s.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- functions ----

    private interface Function {
        Object apply(List<Object> args);
    }

    /** Applies {@code function} to every combination of the arguments' values (null standing for an empty one). */
    private List<Object> combine(List<Expr> arguments, JsonNode doc, Function function) {
        List<List<Object>> options = new ArrayList<>();
        long combinations = 1;
        for (Expr argument : arguments) {
            List<Object> values = new ArrayList<>(values(argument, doc));
            if (values.isEmpty()) {
                values.add(null);
            }
            options.add(values);
            combinations *= values.size();
            if (combinations > MAX_COMBINATIONS) {
                throw new EvaluationException("a function over multi-valued fields has more than " + MAX_COMBINATIONS
                        + " combinations of values; dac does not evaluate it (Elasticsearch refuses functions over"
                        + " multi-valued fields)");
            }
        }
        List<Object> out = new ArrayList<>();
        collect(options, 0, new ArrayList<>(), function, out);
        return out;
    }

    private static void collect(List<List<Object>> options, int index, List<Object> chosen, Function function,
            List<Object> out) {
        if (index == options.size()) {
            Object result = function.apply(chosen);
            if (result != null) {
                out.add(result);
            }
            return;
        }
        for (Object value : options.get(index)) {
            chosen.add(value);
            collect(options, index + 1, chosen, function, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    private static Object call(EqlNode.Call call, List<Object> args) {
        boolean ci = call.caseInsensitive();
        return switch (call.function()) {
            case ADD -> arithmetic(EqlNode.ArithmeticOp.ADD, args.get(0), args.get(1));
            case SUBTRACT -> arithmetic(EqlNode.ArithmeticOp.SUBTRACT, args.get(0), args.get(1));
            case MULTIPLY -> arithmetic(EqlNode.ArithmeticOp.MULTIPLY, args.get(0), args.get(1));
            case DIVIDE -> arithmetic(EqlNode.ArithmeticOp.DIVIDE, args.get(0), args.get(1));
            case MODULO -> arithmetic(EqlNode.ArithmeticOp.MODULO, args.get(0), args.get(1));
            case BETWEEN -> between(args, ci);
            case CIDR_MATCH -> cidrMatch(args);
            case CONCAT -> concat(args);
            case ENDS_WITH -> anyNull(args) ? null : fold(text(args.get(0)), ci).endsWith(fold(text(args.get(1)), ci));
            case STARTS_WITH -> anyNull(args) ? null
                    : fold(text(args.get(0)), ci).startsWith(fold(text(args.get(1)), ci));
            case STRING_CONTAINS -> stringContains(args, ci);
            case INDEX_OF -> indexOf(args, ci);
            case LENGTH -> args.get(0) == null ? null : (Object) (long) text(args.get(0)).length();
            case NUMBER -> number(args);
            case STRING -> args.get(0) == null ? null : text(args.get(0));
            case SUBSTRING -> substring(args);
            case WILDCARD -> wildcardFunction(args, ci);
        };
    }

    private static boolean anyNull(List<Object> args) {
        return args.stream().anyMatch(java.util.Objects::isNull);
    }

    private static String fold(String text, boolean caseInsensitive) {
        return caseInsensitive ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** between(source, left, right[, greedy]): the text after the first left and before the next (or last) right. */
    private static Object between(List<Object> args, boolean ci) {
        if (anyNull(args.subList(0, 3))) {
            return null;
        }
        String source = text(args.get(0));
        if (source.isEmpty()) {
            return "";
        }
        boolean greedy = args.size() > 3 && Boolean.TRUE.equals(args.get(3));
        String haystack = fold(source, ci);
        String left = fold(text(args.get(1)), ci);
        String right = fold(text(args.get(2)), ci);
        int start = 0;
        if (!left.isEmpty()) {
            int at = haystack.indexOf(left);
            if (at < 0) {
                return "";
            }
            start = at + left.length();
        }
        int end = right.isEmpty() ? source.length()
                : greedy ? haystack.lastIndexOf(right) : haystack.indexOf(right, start);
        return end < start ? "" : source.substring(start, end);
    }

    private static Object cidrMatch(List<Object> args) {
        if (anyNull(args)) {
            return null;
        }
        Optional<InetAddress> address = IpLiteral.address(text(args.get(0)));
        if (address.isEmpty()) {
            return false;
        }
        for (Object block : args.subList(1, args.size())) {
            Optional<IpLiteral.Block> parsed = IpLiteral.Block.parse(text(block));
            if (parsed.isEmpty()) {
                throw new EvaluationException("cidrMatch: '" + block + "' is no CIDR block");
            }
            if (parsed.get().contains(address.get())) {
                return true;
            }
        }
        return false;
    }

    private static Object concat(List<Object> args) {
        if (anyNull(args)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        args.forEach(a -> out.append(text(a)));
        return out.toString();
    }

    /** stringContains: an empty substring is never contained (the reference's own examples). */
    private static Object stringContains(List<Object> args, boolean ci) {
        if (anyNull(args)) {
            return null;
        }
        String needle = fold(text(args.get(1)), ci);
        return !needle.isEmpty() && fold(text(args.get(0)), ci).contains(needle);
    }

    /** indexOf(source, substring[, start]): negative starts count as 0; a start past the end, or no match, is null. */
    private static Object indexOf(List<Object> args, boolean ci) {
        if (anyNull(args)) {
            return null;
        }
        String source = fold(text(args.get(0)), ci);
        String needle = fold(text(args.get(1)), ci);
        long start = args.size() > 2 ? Math.max(0, integer(args.get(2), "indexOf")) : 0;
        if (start > source.length()) {
            return null;
        }
        int at = source.indexOf(needle, (int) start);
        return at < 0 ? null : (Object) (long) at;
    }

    /** number(text[, base]): "0x" means base 16; surrounding blanks and a sign are allowed. */
    private static Object number(List<Object> args) {
        if (args.get(0) == null) {
            return null;
        }
        String text = text(args.get(0)).strip();
        Integer base = args.size() > 1 && args.get(1) != null ? (int) integer(args.get(1), "number") : null;
        String sign = "";
        if (text.startsWith("+") || text.startsWith("-")) {
            sign = text.startsWith("-") ? "-" : "";
            text = text.substring(1);
        }
        if (text.startsWith("0x") || text.startsWith("0X")) {
            text = text.substring(2);
            base = base == null ? 16 : base;
        }
        try {
            if (base == null || base == 10) {
                if (text.matches("[0-9]+")) {
                    return Long.parseLong(sign + text);
                }
                return Double.parseDouble(sign + text);
            }
            return Long.parseLong(sign + text, base);
        } catch (NumberFormatException e) {
            throw new EvaluationException("number(): '" + args.get(0) + "' is no number"
                    + (base == null ? "" : " in base " + base) + "; Elasticsearch fails the search on it");
        }
    }

    /** substring(source, start[, end]): negative positions count from the end; an empty range is "". */
    private static Object substring(List<Object> args) {
        if (anyNull(args)) {
            return null;
        }
        String source = text(args.get(0));
        int length = source.length();
        long start = position(integer(args.get(1), "substring"), length);
        long end = args.size() > 2 ? position(integer(args.get(2), "substring"), length) : length;
        return start >= end ? "" : source.substring((int) start, (int) end);
    }

    private static long position(long at, int length) {
        return at < 0 ? Math.max(0, length + at) : Math.min(at, length);
    }

    private static Object wildcardFunction(List<Object> args, boolean ci) {
        if (anyNull(args)) {
            return null;
        }
        String source = text(args.get(0));
        return args.subList(1, args.size()).stream().anyMatch(p -> wildcard(text(p), ci).matcher(source).matches());
    }

    private static long integer(Object value, String function) {
        if (value instanceof Long l) {
            return l;
        }
        throw new EvaluationException(function + "(): '" + value + "' is no integer");
    }

    // ---- arithmetic ----

    private static Object negate(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long l) {
            return -l;
        }
        if (value instanceof Double d) {
            return -d;
        }
        throw new EvaluationException("'-' needs a number, not '" + value + "'");
    }

    /**
     * Two integers give an integer (division truncates, as Elasticsearch's divide "rounds down"), otherwise a float;
     * null with null. Division by zero fails the search in Elasticsearch, so it fails here too.
     */
    static Object arithmetic(EqlNode.ArithmeticOp op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (!(a instanceof Number) || !(b instanceof Number)) {
            throw new EvaluationException("'" + op.symbol() + "' needs numbers, not '" + a + "' and '" + b + "'");
        }
        if (((Number) b).doubleValue() == 0
                && (op == EqlNode.ArithmeticOp.DIVIDE || op == EqlNode.ArithmeticOp.MODULO)) {
            throw new EvaluationException("division by zero (" + a + " " + op.symbol() + " " + b
                    + "); Elasticsearch fails the search on it");
        }
        if (a instanceof Long x && b instanceof Long y) {
            return switch (op) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> x / y;
                case MODULO -> x % y;
            };
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            case MODULO -> x % y;
        };
    }

    // ---- patterns and values ----

    /** An EQL wildcard pattern: {@code *} any run of characters, {@code ?} one; every other character literal. */
    static Pattern wildcard(String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | flags(caseInsensitive));
    }

    /**
     * A Lucene regular expression (the regexp query's syntax) as a Java pattern matched against the whole value:
     * {@code ^} and {@code $} are plain characters there, {@code @} any string; the complement ({@code ~}), the
     * intersection ({@code &}) and numeric intervals ({@code <1-5>}) have no Java form and are refused.
     */
    static Pattern luceneRegex(String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(c).append(pattern.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                regex.append(c == '[' ? "\\[" : String.valueOf(c));
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    regex.append(c);
                }
                case '^', '$' -> regex.append('\\').append(c);
                case '@' -> regex.append(".*");
                case '"' -> {
                    int close = pattern.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new EvaluationException("regex '" + pattern + "': an unclosed quote");
                    }
                    regex.append(Pattern.quote(pattern.substring(i + 1, close)));
                    i = close;
                }
                case '~', '&', '<', '#' -> throw new EvaluationException("regex '" + pattern + "' uses Lucene's '" + c
                        + "' operator, which dac does not evaluate; run the rule with --engine url or docker");
                default -> regex.append(c);
            }
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL | flags(caseInsensitive));
        } catch (PatternSyntaxException e) {
            throw new EvaluationException("regex '" + pattern + "' is no regular expression: " + e.getDescription());
        }
    }

    private static int flags(boolean caseInsensitive) {
        return caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    }

    private static Object javaValue(JsonNode leaf) {
        if (leaf.isIntegralNumber() && leaf.canConvertToLong()) {
            return leaf.asLong();
        }
        if (leaf.isNumber()) {
            return leaf.asDouble();
        }
        if (leaf.isBoolean()) {
            return leaf.asBoolean();
        }
        return leaf.asString();
    }

    /** How a value reads as text: numbers and booleans as Java writes them (42, 42.5, true). */
    static String text(Object value) {
        return String.valueOf(value);
    }
}
