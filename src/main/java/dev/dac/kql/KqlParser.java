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
    private int pos;
    private int depth;
    private int furthest = -1;
    private final Set<String> expected = new LinkedHashSet<>();

    private KqlParser(String query) {
        this.s = query;
    }

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
            return query != null ? query
                    : new KqlNode.Is(wildcardOf("*"), wildcardOf("*"));
        } catch (TooDeep e) {
            throw new KqlSyntaxException(lineAt(e.offset), columnAt(e.offset), e.offset,
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
            return nodes == null ? null : nodes.size() == 1 ? nodes.get(0) : new KqlNode.Or(nodes);
        } finally {
            depth--;
        }
    }

    private KqlNode andQuery() {
        List<KqlNode> nodes = listOf(this::notQuery, "and");
        return nodes == null ? null : nodes.size() == 1 ? nodes.get(0) : new KqlNode.And(nodes);
    }

    private KqlNode notQuery() {
        int save = pos;
        if (keyword("not", false)) {
            KqlNode query = subQuery();
            if (query != null) {
                return new KqlNode.Not(query);
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
        KqlValue field = literal("a field name");
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
                            return new KqlNode.Nested(field, query);
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
        KqlValue field = literal("a field name");
        if (field != null) {
            int afterField = pos;
            spaces();
            String operator = rangeOperator();
            if (operator != null) {
                spaces();
                KqlValue value = literal("a value");
                if (value != null) {
                    return new KqlNode.Range(field, operator, value);
                }
            }
            pos = afterField;
            spaces();
            if (literalChar(':')) {
                spaces();
                Function<KqlValue, KqlNode> partial = listOfValues();
                if (partial != null) {
                    return partial.apply(field);
                }
            }
        }
        pos = save;
        Function<KqlValue, KqlNode> partial = value();
        return partial == null ? null : partial.apply(null);
    }

    // ---- value lists: field: (a or b and not c) ----

    private Function<KqlValue, KqlNode> listOfValues() {
        enter();
        try {
            int save = pos;
            if (literalChar('(')) {
                spaces();
                Function<KqlValue, KqlNode> partial = orListOfValues();
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

    private Function<KqlValue, KqlNode> orListOfValues() {
        List<Function<KqlValue, KqlNode>> partials = listOf(this::andListOfValues, "or");
        if (partials == null) {
            return null;
        }
        return partials.size() == 1 ? partials.get(0)
                : field -> new KqlNode.Or(partials.stream().map(p -> p.apply(field)).toList());
    }

    private Function<KqlValue, KqlNode> andListOfValues() {
        List<Function<KqlValue, KqlNode>> partials = listOf(this::notListOfValues, "and");
        if (partials == null) {
            return null;
        }
        return partials.size() == 1 ? partials.get(0)
                : field -> new KqlNode.And(partials.stream().map(p -> p.apply(field)).toList());
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

    private Function<KqlValue, KqlNode> notListOfValues() {
        int save = pos;
        if (keyword("not", false)) {
            Function<KqlValue, KqlNode> partial = listOfValues();
            if (partial != null) {
                return field -> new KqlNode.Not(partial.apply(field));
            }
        }
        pos = save;
        return listOfValues();
    }

    private Function<KqlValue, KqlNode> value() {
        KqlValue value = literal("a value");
        return value == null ? null : field -> new KqlNode.Is(field, value);
    }

    // ---- literals ----

    private KqlValue literal(String label) {
        int save = pos;
        KqlValue quoted = quotedString();
        if (quoted != null) {
            return quoted;
        }
        pos = save;
        KqlValue unquoted = unquotedLiteral();
        if (unquoted == null) {
            pos = save;
            expect(label);
        }
        return unquoted;
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
        return new KqlSyntaxException(lineAt(at), columnAt(at), at, new ArrayList<>(expected), found);
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private int columnAt(int offset) {
        int lineStart = s.lastIndexOf('\n', Math.max(0, offset - 1));
        if (offset == 0) {
            return 1;
        }
        return offset - (lineStart < 0 ? -1 : lineStart);
    }

    private static KqlValue wildcardOf(String text) {
        return new KqlValue.Wildcard(List.of(text.split("\\*", -1)));
    }
}
