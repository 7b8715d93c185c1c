package dev.dac.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key of a TOML document stands, as JSON-pointer paths ({@code /rule/threat/0/tactic/id}) mapped to
 * 1-based line numbers. Jackson's tree keeps no locations, and schema errors and lints name paths, so this scan
 * lets every finding point at a line. It runs on text the TOML parser accepted, so it only needs to be lenient,
 * except for duplicate keys, which it finds exactly because the parser reports them a line late.
 */
public final class KeyLines {

    private final Map<String, Integer> lineByPath;
    private final Map<String, Integer> textStartByPath;
    private final List<DuplicateKey> duplicates;

    /** A key defined twice in the same table, with the lines of both definitions. */
    public record DuplicateKey(String path, int firstLine, int line) {}

    private KeyLines(Map<String, Integer> lineByPath, Map<String, Integer> textStartByPath,
            List<DuplicateKey> duplicates) {
        this.lineByPath = Map.copyOf(lineByPath);
        this.textStartByPath = Map.copyOf(textStartByPath);
        this.duplicates = List.copyOf(duplicates);
    }

    public static KeyLines scan(String text) {
        Scanner scanner = new Scanner(text);
        scanner.run();
        return new KeyLines(scanner.lines, scanner.textStarts, scanner.duplicates);
    }

    /** The line of the path itself, or of its nearest ancestor that has one. */
    public Optional<Integer> lineOf(String pointer) {
        String path = pointer == null ? "" : pointer;
        while (true) {
            Integer line = lineByPath.get(path);
            if (line != null) {
                return Optional.of(line);
            }
            int slash = path.lastIndexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            path = path.substring(0, slash);
        }
    }

    /** Only the path's own line, without falling back to an ancestor. */
    public Optional<Integer> exactLineOf(String pointer) {
        return Optional.ofNullable(lineByPath.get(pointer));
    }

    /**
     * The file line of line {@code lineInValue} (1-based) of the string at {@code pointer}: multi-line strings skip
     * a newline right after their opening quotes, so their text may start a line below the key. A single-line
     * string stands wholly on its key's line, even when escapes such as {@code \n} give its value several lines.
     */
    public Optional<Integer> lineInString(String pointer, int lineInValue) {
        Integer start = textStartByPath.get(pointer);
        if (start == null) {
            return exactLineOf(pointer);
        }
        return Optional.of(start + lineInValue - 1);
    }

    public List<DuplicateKey> duplicates() {
        return duplicates;
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /** A small character-level walk over TOML: headers, keys, strings, arrays and inline tables. */
    private static final class Scanner {
        private final String s;
        private int i;
        private int line = 1;
        private String table = "";
        private final Map<String, Integer> lines = new HashMap<>();
        private final Map<String, Integer> arrayCounts = new HashMap<>();
        private final Map<String, Integer> textStarts = new HashMap<>();
        private final List<DuplicateKey> duplicates = new ArrayList<>();

        Scanner(String s) {
            this.s = s;
        }

        void run() {
            while (i < s.length()) {
                skipBlankAndComments();
                if (i >= s.length()) {
                    break;
                }
                char c = s.charAt(i);
                if (c == '[') {
                    header();
                } else {
                    keyValue(table);
                }
                skipToLineEnd();
            }
        }

        private void header() {
            boolean arrayOfTables = s.startsWith("[[", i);
            int headerLine = line;
            i += arrayOfTables ? 2 : 1;
            List<String> keys = dottedKey();
            skipSpaces();
            i += arrayOfTables ? 2 : 1;
            String concrete = "";
            for (int k = 0; k < keys.size(); k++) {
                concrete += "/" + escape(keys.get(k));
                boolean last = k == keys.size() - 1;
                if (last && arrayOfTables) {
                    lines.putIfAbsent(concrete, headerLine);
                    int index = arrayCounts.merge(concrete, 1, Integer::sum) - 1;
                    concrete += "/" + index;
                } else if (arrayCounts.containsKey(concrete)) {
                    concrete += "/" + (arrayCounts.get(concrete) - 1);
                }
            }
            lines.putIfAbsent(concrete, headerLine);
            table = concrete;
        }

        private void keyValue(String base) {
            int keyLine = line;
            List<String> keys = dottedKey();
            if (keys.isEmpty()) {
                i++; // not a key: step over the stray character rather than loop on it
                return;
            }
            String path = base;
            for (String key : keys) {
                path += "/" + escape(key);
            }
            Integer earlier = lines.putIfAbsent(path, keyLine);
            if (earlier != null && !arrayCounts.containsKey(path)) {
                duplicates.add(new DuplicateKey(path, earlier, keyLine));
            }
            skipSpaces();
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                skipSpaces();
                value(path);
            }
        }

        private List<String> dottedKey() {
            List<String> keys = new ArrayList<>();
            while (i < s.length()) {
                skipSpaces();
                if (i >= s.length()) {
                    break;
                }
                char c = s.charAt(i);
                if (c == '"' || c == '\'') {
                    keys.add(quoted(c));
                } else {
                    int start = i;
                    while (i < s.length() && isBareKeyChar(s.charAt(i))) {
                        i++;
                    }
                    if (i == start) {
                        break;
                    }
                    keys.add(s.substring(start, i));
                }
                skipSpaces();
                if (i < s.length() && s.charAt(i) == '.') {
                    i++;
                } else {
                    break;
                }
            }
            return keys;
        }

        private static boolean isBareKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-';
        }

        private void value(String path) {
            if (i >= s.length()) {
                return;
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                if (s.startsWith(String.valueOf(c).repeat(3), i)) {
                    boolean trimmedNewline = s.startsWith("\n", i + 3) || s.startsWith("\r\n", i + 3);
                    textStarts.put(path, line + (trimmedNewline ? 1 : 0));
                    multiLineString(c);
                } else {
                    quoted(c);
                }
            } else if (c == '[') {
                array(path);
            } else if (c == '{') {
                inlineTable(path);
            } else {
                while (i < s.length() && ",]}\n#".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
            }
        }

        private void array(String path) {
            i++; // [
            int index = 0;
            while (i < s.length()) {
                skipBlankAndComments();
                if (i >= s.length()) {
                    return;
                }
                char c = s.charAt(i);
                if (c == ']') {
                    i++;
                    return;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                String element = path + "/" + index++;
                lines.putIfAbsent(element, line);
                value(element);
            }
        }

        private void inlineTable(String path) {
            i++; // {
            while (i < s.length()) {
                skipSpaces();
                if (i >= s.length()) {
                    return;
                }
                char c = s.charAt(i);
                if (c == '}') {
                    i++;
                    return;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                int before = i;
                keyValue(path);
                if (i == before) {
                    i++;
                }
            }
        }

        private String quoted(char quote) {
            StringBuilder out = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    return out.toString(); // unterminated; the parser already refused such text
                }
                if (quote == '"' && c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                i++;
                if (c == quote) {
                    return out.toString();
                }
                out.append(c);
            }
            return out.toString();
        }

        private void multiLineString(char quote) {
            String delimiter = String.valueOf(quote).repeat(3);
            i += 3;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (quote == '"' && c == '\\') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        line++;
                    }
                    i += 2;
                    continue;
                }
                if (s.startsWith(delimiter, i)) {
                    i += 3;
                    // up to two more quotes may belong to the content ("""a""""")
                    while (i < s.length() && s.charAt(i) == quote) {
                        i++;
                    }
                    return;
                }
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
                i++;
            }
        }

        private void skipBlankAndComments() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                    i++;
                } else if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    return;
                }
            }
        }

        private void skipToLineEnd() {
            while (i < s.length() && s.charAt(i) != '\n') {
                i++;
            }
        }
    }
}
