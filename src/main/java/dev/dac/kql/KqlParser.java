package dev.dac.kql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses KQL as Kibana's kuery grammar does: the same precedence (NOT over AND over OR, keywords in any case),
 * values as literals or wildcards, value lists, nested queries, ranges and escapes. It backtracks like the PEG it
 * follows; on failure it reports the furthest position reached and what could have stood there.
 */
public final class KqlParser {

    /** Deeper nesting than any real query; beyond it the parser stops instead of exhausting the stack. */
    static final int MAX_DEPTH = 200;
    private static final char WILDCARD = '\uE000';

    private final String s;
    /** Offsets where each line of the query starts, for the line and column of every node. */
    private final int[] lineStarts;
    private int pos;
    private int depth;
    private int furthest = -1;
    private final Set<String> expected = new LinkedHashSet<>();

    private KqlParser(String query) {
        this.s = query;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < query.length(); i++) {
            if (query.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A value or field name with the text it was read from. */
    private record Term(KqlValue value, KqlNode.Span span) {}

    public static KqlNode parse(String query) throws KqlSyntaxException {
        return new KqlParser(query).start();
    }

    private KqlNode start() throws KqlSyntaxException {
        try {
            spaces();
            int before = pos;
            KqlNode query = orQuery();
            if (query == null) {
                pos = before;
            }
            spaces();
            if (pos < s.length()) {
                expect("end of query");
                throw error();
            }
            if (query != null) {
                return query;
            }
            KqlNode.Span everything = span(0, s.length());
            return new KqlNode.Is(wildcardOf("*"), wildcardOf("*"), everything, everything, everything);
        } catch (TooDeep e) {
            KqlNode.Position at = positionAt(e.offset);
            throw new KqlSyntaxException(at.line(), at.column(), e.offset,
                    List.of("a query nested at most " + MAX_DEPTH + " levels deep"), "deeper nesting");
        }
    }

    /** Thrown past every rule when nesting is too deep; turned into a syntax error at the top. */
    private static final class TooDeep extends RuntimeException {
        final int offset;

        TooDeep(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new TooDeep(pos);
        }
    }

    // ---- queries ----

    private KqlNode orQuery() {
        enter();
        try {
            List<KqlNode> nodes = listOf(this::andQuery, "or");
            return nodes == null ? null : nodes.size() == 1 ? nodes.get(0) : new KqlNode.Or(nodes, spanOf(nodes));
        } finally {
            depth--;
        }
    }

    private KqlNode andQuery() {
        List<KqlNode> nodes = listOf(this::notQuery, "and");
        return nodes == null ? null : nodes.size() == 1 ? nodes.get(0) : new KqlNode.And(nodes, spanOf(nodes));
    }

    private KqlNode notQuery() {
        int save = pos;
        if (keyword("not", false)) {
            KqlNode query = subQuery();
            if (query != null) {
                return new KqlNode.Not(query, span(save, query.span().end().offset()));
            }
        }
        pos = save;
        return subQuery();
    }

    private KqlNode subQuery() {
        int save = pos;
        if (literalChar('(')) {
            spaces();
            KqlNode query = orQuery();
            if (query != null) {
                spaces();
                if (literalChar(')')) {
                    return query;
                }
            }
        }
        pos = save;
        return nestedQuery();
    }

    private KqlNode nestedQuery() {
        int save = pos;
        Term field = literal("a field name");
        if (field != null) {
            spaces();
            if (literalChar(':')) {
                spaces();
                if (literalChar('{')) {
                    spaces();
                    KqlNode query = orQuery();
                    if (query != null) {
                        spaces();
                        if (literalChar('}')) {
                            return new KqlNode.Nested(field.value(), query, span(field.span().start().offset(), pos),
                                    field.span());
                        }
                    }
                }
            }
        }
        pos = save;
        return expression();
    }

    private KqlNode expression() {
        int save = pos;
        Term field = literal("a field name");
        if (field != null) {
            int afterField = pos;
            spaces();
            String operator = rangeOperator();
            if (operator != null) {
                spaces();
                Term value = literal("a value");
                if (value != null) {
                    return new KqlNode.Range(field.value(), operator, value.value(),
                            new KqlNode.Span(field.span().start(), value.span().end()), field.span(), value.span());
                }
            }
            pos = afterField;
            spaces();
            if (literalChar(':')) {
                spaces();
                Function<Term, KqlNode> partial = listOfValues();
                if (partial != null) {
                    return partial.apply(field);
                }
            }
        }
        pos = save;
        Function<Term, KqlNode> partial = value();
        return partial == null ? null : partial.apply(null);
    }

    // ---- value lists: field: (a or b and not c) ----

    private Function<Term, KqlNode> listOfValues() {
        enter();
        try {
            int save = pos;
            if (literalChar('(')) {
                spaces();
                Function<Term, KqlNode> partial = orListOfValues();
                if (partial != null) {
                    spaces();
                    if (literalChar(')')) {
                        return partial;
                    }
                }
            }
            pos = save;
            return value();
        } finally {
            depth--;
        }
    }

    private Function<Term, KqlNode> orListOfValues() {
        List<Function<Term, KqlNode>> partials = listOf(this::andListOfValues, "or");
        if (partials == null) {
            return null;
        }
        return partials.size() == 1 ? partials.get(0) : field -> {
            List<KqlNode> nodes = partials.stream().map(p -> p.apply(field)).toList();
            return new KqlNode.Or(nodes, spanOf(nodes));
        };
    }

    private Function<Term, KqlNode> andListOfValues() {
        List<Function<Term, KqlNode>> partials = listOf(this::notListOfValues, "and");
        if (partials == null) {
            return null;
        }
        return partials.size() == 1 ? partials.get(0) : field -> {
            List<KqlNode> nodes = partials.stream().map(p -> p.apply(field)).toList();
            return new KqlNode.And(nodes, spanOf(nodes));
        };
    }

    /** One or more {@code item}s separated by the keyword {@code separator}; null when there is not even one. */
    private <T> List<T> listOf(java.util.function.Supplier<T> item, String separator) {
        T head = item.get();
        if (head == null) {
            return null;
        }
        List<T> items = new ArrayList<>(List.of(head));
        while (true) {
            int save = pos;
            T next = keyword(separator, true) ? item.get() : null;
            if (next == null) {
                pos = save;
                return items;
            }
            items.add(next);
        }
    }

    private Function<Term, KqlNode> notListOfValues() {
        int save = pos;
        if (keyword("not", false)) {
            Function<Term, KqlNode> partial = listOfValues();
            if (partial != null) {
                KqlNode.Position not = positionAt(save);
                return field -> {
                    KqlNode child = partial.apply(field);
                    return new KqlNode.Not(child, new KqlNode.Span(not, child.span().end()));
                };
            }
        }
        pos = save;
        return listOfValues();
    }

    /** A value, waiting for its field: the one written before it, or null for a fieldless term. */
    private Function<Term, KqlNode> value() {
        Term value = literal("a value");
        if (value == null) {
            return null;
        }
        return field -> field == null
                ? new KqlNode.Is(null, value.value(), value.span(), null, value.span())
                : new KqlNode.Is(field.value(), value.value(), new KqlNode.Span(field.span().start(),
                        value.span().end()), field.span(), value.span());
    }

    // ---- literals ----

    private Term literal(String label) {
        int save = pos;
        KqlValue quoted = quotedString();
        if (quoted != null) {
            return new Term(quoted, span(save, pos));
        }
        pos = save;
        KqlValue unquoted = unquotedLiteral();
        if (unquoted == null) {
            pos = save;
            expect(label);
            return null;
        }
        // the value is trimmed (jsTrim), so its span leaves out the whitespace around it
        int start = save;
        int end = pos;
        while (start < end && isJsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return new Term(unquoted, span(start, end));
    }

    private KqlValue quotedString() {
        if (pos >= s.length() || s.charAt(pos) != '"') {
            return null;
        }
        pos++;
        StringBuilder text = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return new KqlValue.Literal(text.toString(), true);
            }
            if (c == '\\' && pos + 1 < s.length()) {
                char next = s.charAt(pos + 1);
                Character escaped = escapedWhitespace(next);
                if (escaped != null) {
                    text.append(escaped);
                    pos += 2;
                    continue;
                }
                Character unicode = unicodeAt(pos + 1);
                if (unicode != null) {
                    text.append(unicode);
                    pos += 6;
                    continue;
                }
                if (next == '\\' || next == '"') {
                    text.append(next);
                    pos += 2;
                    continue;
                }
            }
            text.append(c);
            pos++;
        }
        expect("'\"' to close the quoted text");
        return null;
    }

    private KqlValue unquotedLiteral() {
        StringBuilder chars = new StringBuilder();
        boolean wildcard = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length()) {
                char next = s.charAt(pos + 1);
                Character escaped = escapedWhitespace(next);
                if (escaped != null) {
                    chars.append(escaped);
                    pos += 2;
                    continue;
                }
                if (isSpecial(next)) {
                    chars.append(next);
                    pos += 2;
                    continue;
                }
                Character unicode = unicodeAt(pos + 1);
                if (unicode != null) {
                    chars.append(unicode);
                    pos += 6;
                    continue;
                }
                String keyword = keywordAt(pos + 1);
                if (keyword != null) {
                    chars.append(keyword);
                    pos += 1 + keyword.length();
                    continue;
                }
            }
            if (c == '*') {
                chars.append(WILDCARD);
                wildcard = true;
                pos++;
                continue;
            }
            if (isSpecial(c) || keywordFollows(pos)) {
                break;
            }
            chars.append(c);
            pos++;
        }
        if (chars.length() == 0) {
            return null;
        }
        String sequence = jsTrim(chars.toString());
        switch (sequence) {
            case "null":
                return new KqlValue.Literal(null, false);
            case "true":
                return new KqlValue.Literal(Boolean.TRUE, false);
            case "false":
                return new KqlValue.Literal(Boolean.FALSE, false);
            default:
                break;
        }
        if (wildcard) {
            return new KqlValue.Wildcard(List.of(sequence.split(String.valueOf(WILDCARD), -1)));
        }
        return new KqlValue.Literal(sequence, false);
    }

    private static Character escapedWhitespace(char c) {
        return switch (c) {
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'n' -> '\n';
            default -> null;
        };
    }

    /** {@code u} and four hex digits at {@code at}, as the character they name. */
    private Character unicodeAt(int at) {
        if (at + 5 <= s.length() && s.charAt(at) == 'u') {
            String hex = s.substring(at + 1, at + 5);
            if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                return (char) Integer.parseInt(hex, 16);
            }
        }
        return null;
    }

    /** An escaped keyword {@code \or}, {@code \and}, {@code \not}, as typed. */
    private String keywordAt(int at) {
        for (String keyword : List.of("or", "and", "not")) {
            if (s.regionMatches(true, at, keyword, 0, keyword.length())) {
                return s.substring(at, at + keyword.length());
            }
        }
        return null;
    }

    /** Whether a keyword starts here, which ends an unquoted literal: " or ", " and ", or "not ". */
    private boolean keywordFollows(int at) {
        if (isSpace(at)) {
            for (String keyword : List.of("or", "and")) {
                if (s.regionMatches(true, at + 1, keyword, 0, keyword.length()) && isSpace(at + 1 + keyword.length())) {
                    return true;
                }
            }
        }
        return s.regionMatches(true, at, "not", 0, 3) && isSpace(at + 3);
    }

    static boolean isSpecial(char c) {
        return "\\():<>\"*{}".indexOf(c) >= 0;
    }

    private boolean isSpace(int at) {
        return at < s.length() && isSpaceChar(s.charAt(at));
    }

    static boolean isSpaceChar(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00A0';
    }

    /** JavaScript's String.prototype.trim, which Kibana applies to unquoted values. */
    static String jsTrim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return c == '\uFEFF' || c == '\u00A0' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    // ---- tokens ----

    /** {@code or}/{@code and} with whitespace on both sides, or {@code not} followed by whitespace. */
    private boolean keyword(String word, boolean spaceBefore) {
        int save = pos;
        if (spaceBefore) {
            if (!isSpace(pos)) {
                expect("whitespace");
                return false;
            }
            spaces();
        }
        if (!s.regionMatches(true, pos, word, 0, word.length())) {
            expect(word.toUpperCase(java.util.Locale.ROOT));
            pos = save;
            return false;
        }
        pos += word.length();
        if (!isSpace(pos)) {
            expect("whitespace");
            pos = save;
            return false;
        }
        spaces();
        return true;
    }

    private String rangeOperator() {
        for (String[] op : new String[][] {{"<=", "lte"}, {">=", "gte"}, {"<", "lt"}, {">", "gt"}}) {
            if (s.startsWith(op[0], pos)) {
                pos += op[0].length();
                return op[1];
            }
        }
        expect("a comparison (<, <=, >, >=)");
        return null;
    }

    private boolean literalChar(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        expect("'" + c + "'");
        return false;
    }

    private void spaces() {
        while (isSpace(pos)) {
            pos++;
        }
    }

    private void expect(String what) {
        if (pos > furthest) {
            furthest = pos;
            expected.clear();
        }
        if (pos == furthest) {
            expected.add(what);
        }
    }

    private KqlSyntaxException error() {
        int at = Math.max(furthest, 0);
        String found = at >= s.length() ? "end of query" : "'" + s.charAt(at) + "'";
        KqlNode.Position position = positionAt(at);
        return new KqlSyntaxException(position.line(), position.column(), at, new ArrayList<>(expected), found);
    }

    private KqlNode.Position positionAt(int offset) {
        int line = java.util.Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2; // the last line starting before offset
        }
        return new KqlNode.Position(offset, line + 1, offset - lineStarts[line] + 1);
    }

    private KqlNode.Span span(int start, int end) {
        return new KqlNode.Span(positionAt(start), positionAt(end));
    }

    private static KqlNode.Span spanOf(List<KqlNode> nodes) {
        return new KqlNode.Span(nodes.get(0).span().start(), nodes.get(nodes.size() - 1).span().end());
    }

    private static KqlValue wildcardOf(String text) {
        return new KqlValue.Wildcard(List.of(text.split("\\*", -1)));
    }
}
