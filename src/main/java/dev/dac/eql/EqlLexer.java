package dev.dac.eql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits EQL text into tokens as Elasticsearch's EQL lexer does (EqlBase.g4): identifiers (a {@code ~} right after
 * one makes the case-insensitive form of an operator or function), backquoted identifiers, double-quoted strings
 * with escapes, {@code """raw"""} strings, numbers, operators; whitespace and comments ({@code //}, nested
 * {@code /* *}{@code /}) are skipped. Single-quoted and {@code ?"..."} strings are refused, as Elasticsearch refuses
 * them since 7.10.
 */
final class EqlLexer {

    enum Kind { IDENT, TILDE_IDENT, ESCAPED_IDENT, STRING, RAW_STRING, NUMBER, SYMBOL, EOF }

    /** A token: its kind, its text as written, its value (the unquoted string, the identifier), where it stands. */
    record Token(Kind kind, String text, String value, int start, int end) {
        boolean is(String symbolOrKeyword) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbolOrKeyword);
        }

        boolean isTilde(String keyword) {
            return kind == Kind.TILDE_IDENT && value.equals(keyword);
        }
    }

    private static final String[] SYMBOLS = {"==", "!=", "<=", ">=", "![", "<", ">", "=", ":", "+", "-", "*", "/", "%",
        ".", ",", "[", "]", "(", ")", "|", "?"};

    private final String s;
    private final int[] lineStarts;
    private int pos;

    EqlLexer(String text) {
        this.s = text;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    List<Token> tokens() throws EqlSyntaxException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= s.length()) {
                tokens.add(new Token(Kind.EOF, "", "", s.length(), s.length()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    EqlNode.Position positionAt(int offset) {
        int line = java.util.Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2; // the last line starting before offset
        }
        return new EqlNode.Position(offset, line + 1, offset - lineStarts[line] + 1);
    }

    EqlNode.Span span(int start, int end) {
        return new EqlNode.Span(positionAt(start), positionAt(end));
    }

    EqlSyntaxException error(int offset, String problem) {
        return new EqlSyntaxException(positionAt(offset), problem);
    }

    private void skipSpaceAndComments() throws EqlSyntaxException {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (s.startsWith("//", pos)) {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (s.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    /** Block comments nest, as in Elasticsearch's BRACKETED_COMMENT. */
    private void skipBlockComment() throws EqlSyntaxException {
        int start = pos;
        int depth = 0;
        while (pos < s.length()) {
            if (s.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (s.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw error(start, "comment '/*' is never closed with '*/'");
    }

    private Token next() throws EqlSyntaxException {
        int start = pos;
        char c = s.charAt(pos);
        if (isIdentifierStart(c)) {
            pos++;
            while (pos < s.length() && isIdentifierPart(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == '~') {
                pos++;
                return new Token(Kind.TILDE_IDENT, s.substring(start, pos), name, start, pos);
            }
            return new Token(Kind.IDENT, name, name, start, pos);
        }
        if (c == '`') {
            return escapedIdentifier();
        }
        if (s.startsWith("\"\"\"", pos)) {
            int close = s.indexOf("\"\"\"", pos + 3);
            if (close < 0) {
                throw error(start, "string '\"\"\"' is never closed with '\"\"\"'");
            }
            pos = close + 3; // the first closing triple quote ends it, as in Elasticsearch's lexer
            return new Token(Kind.RAW_STRING, s.substring(start, pos), s.substring(start + 3, pos - 3), start, pos);
        }
        if (c == '"') {
            return string();
        }
        if (c == '\'') {
            throw error(start, "use double quotes [\"] to define string literals, not single quotes [']");
        }
        if (c == '?' && pos + 1 < s.length() && (s.charAt(pos + 1) == '"' || s.charAt(pos + 1) == '\'')) {
            throw error(start, "use triple quotes [\"\"\"] to define unescaped string literals, not [?"
                    + s.charAt(pos + 1) + "]");
        }
        if (isDigit(c) || (c == '.' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1)))) {
            return number();
        }
        for (String symbol : SYMBOLS) {
            if (s.startsWith(symbol, pos)) {
                pos += symbol.length();
                return new Token(Kind.SYMBOL, symbol, symbol, start, pos);
            }
        }
        throw error(start, "unexpected character " + describe(s.codePointAt(pos)));
    }

    private Token escapedIdentifier() throws EqlSyntaxException {
        int start = pos;
        StringBuilder name = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length()) {
                throw error(start, "field name '`' is never closed with '`'");
            }
            char c = s.charAt(pos);
            if (c == '`') {
                if (pos + 1 < s.length() && s.charAt(pos + 1) == '`') {
                    name.append('`'); // `` stands for one backquote
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            name.append(c);
            pos++;
        }
        if (name.length() == 0) {
            throw error(start, "an empty field name ``");
        }
        return new Token(Kind.ESCAPED_IDENT, s.substring(start, pos), name.toString(), start, pos);
    }

    /** {@code "..."} with the escapes of Elasticsearch's EQL strings: \t \b \n \r \f \" \' \\ and \\u{hex}. */
    private Token string() throws EqlSyntaxException {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length() || s.charAt(pos) == '\n' || s.charAt(pos) == '\r') {
                throw error(start, "string '\"' is not closed on its line (write \\n for a line break, or use"
                        + " \"\"\"triple quotes\"\"\")");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Kind.STRING, s.substring(start, pos), value.toString(), start, pos);
            }
            if (c != '\\') {
                value.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= s.length()) {
                throw error(pos, "a backslash at the end of the query");
            }
            char escaped = s.charAt(pos + 1);
            switch (escaped) {
                case 't' -> value.append('\t');
                case 'b' -> value.append('\b');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 'f' -> value.append('\f');
                case '"', '\'', '\\' -> value.append(escaped);
                case 'u' -> {
                    value.appendCodePoint(unicodeEscape());
                    continue;
                }
                default -> throw error(pos, "unknown escape sequence \\" + escaped + " in a string (a backslash is"
                        + " written \\\\; \"\"\"raw strings\"\"\" take backslashes as they are)");
            }
            pos += 2;
        }
    }

    /** {@code \\u{XXXX}}: 2 to 8 hex digits of a Unicode code point. */
    private int unicodeEscape() throws EqlSyntaxException {
        int start = pos;
        int close = pos + 2 < s.length() && s.charAt(pos + 2) == '{' ? s.indexOf('}', pos + 3) : -1;
        String hex = close < 0 ? "" : s.substring(pos + 3, close);
        if (hex.length() < 2 || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw error(start, "a unicode escape is written \\u{XXXX} with 2 to 8 hex digits");
        }
        long code = Long.parseLong(hex, 16);
        if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw error(start, "\\u{" + hex + "} is not a Unicode code point");
        }
        pos = close + 1;
        return (int) code;
    }

    private Token number() throws EqlSyntaxException {
        int start = pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < s.length() && (s.charAt(exponent) == '+' || s.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < s.length() && isDigit(s.charAt(exponent))) {
                pos = exponent;
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
        }
        String text = s.substring(start, pos);
        return new Token(Kind.NUMBER, text, text, start, pos);
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@';
    }

    private static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String describe(int codePoint) {
        return codePoint >= 0x20 && codePoint < 0x7f ? "'" + new String(Character.toChars(codePoint)) + "'"
                : String.format("U+%04X", codePoint);
    }
}
