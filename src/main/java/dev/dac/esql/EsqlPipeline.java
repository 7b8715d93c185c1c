package dev.dac.esql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ES|QL query cut into its piped commands. This is not a full ES|QL parser: it understands strings, comments and
 * brackets well enough to split commands and their comma-separated parts, which is what the lints need.
 */
public final class EsqlPipeline {

    private final List<EsqlCommand> commands;

    private EsqlPipeline(List<EsqlCommand> commands) {
        this.commands = List.copyOf(commands);
    }

    public List<EsqlCommand> commands() {
        return commands;
    }

    public static EsqlPipeline parse(String query) {
        String text = blankComments(query);
        List<EsqlCommand> commands = new ArrayList<>();
        for (Segment segment : splitTopLevel(text, '|')) {
            String trimmed = segment.text().strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < trimmed.length() && (Character.isLetter(trimmed.charAt(nameEnd))
                    || trimmed.charAt(nameEnd) == '_')) {
                nameEnd++;
            }
            String name = trimmed.substring(0, nameEnd).toLowerCase(Locale.ROOT);
            String body = trimmed.substring(nameEnd).strip();
            if (name.equals("inline") && body.toLowerCase(Locale.ROOT).startsWith("stats")) {
                name = "inlinestats";
                body = body.substring("stats".length()).strip();
            } else if (name.equals("lookup") && body.toLowerCase(Locale.ROOT).startsWith("join")) {
                name = "lookup_join";
                body = body.substring("join".length()).strip();
            }
            int leading = segment.text().indexOf(trimmed.charAt(0));
            commands.add(new EsqlCommand(name, body, lineOf(text, segment.start() + leading)));
        }
        return new EsqlPipeline(commands);
    }

    /**
     * The index in {@code query} of the pipe that ends its source command (FROM ...), outside strings, quoted names,
     * brackets and comments; -1 when the query has one command.
     */
    public static int firstPipe(String query) {
        List<Segment> parts = splitTopLevel(blankComments(query), '|');
        return parts.size() < 2 ? -1 : parts.get(1).start() - 1;
    }

    /**
     * The index in {@code query} of the pipe that starts the command holding {@code offset}, outside strings, quoted
     * names, brackets and comments; -1 when {@code offset} is in the source command.
     */
    public static int pipeBefore(String query, int offset) {
        int pipe = -1;
        List<Segment> parts = splitTopLevel(blankComments(query), '|');
        for (int i = 1; i < parts.size() && parts.get(i).start() - 1 <= offset; i++) {
            pipe = parts.get(i).start() - 1;
        }
        return pipe;
    }

    /** True when the query aggregates with STATS, so each result row is an aggregate rather than a document. */
    public boolean aggregates() {
        return commands.stream().anyMatch(c -> c.name().equals("stats"));
    }

    /** A piece of text and where it starts in the text it was cut from. */
    record Segment(String text, int start) {}

    /** Splits on {@code separator} outside strings and brackets. */
    static List<Segment> splitTopLevel(String text, char separator) {
        List<Segment> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
                continue;
            }
            if (c == '`') {
                int end = text.indexOf('`', i + 1);
                i = end < 0 ? text.length() : end + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == separator && depth == 0) {
                parts.add(new Segment(text.substring(start, i), start));
                start = i + 1;
            }
            i++;
        }
        parts.add(new Segment(text.substring(start), start));
        return parts;
    }

    /** Index just past the string starting at {@code i}: "..." with escapes, or """...""" without. */
    static int skipString(String text, int i) {
        if (text.startsWith("\"\"\"", i)) {
            int end = text.indexOf("\"\"\"", i + 3);
            return end < 0 ? text.length() : end + 3;
        }
        int j = i + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '"' || c == '\n') {
                return j + 1;
            }
            j++;
        }
        return text.length();
    }

    /** Replaces // and /* *&#47; comments with spaces, keeping line breaks so line numbers stay right. */
    static String blankComments(String query) {
        StringBuilder out = new StringBuilder(query);
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (c == '"') {
                i = skipString(query, i);
            } else if (query.startsWith("//", i)) {
                while (i < query.length() && query.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (query.startsWith("/*", i)) {
                int end = query.indexOf("*/", i + 2);
                int stop = end < 0 ? query.length() : end + 2;
                for (; i < stop; i++) {
                    if (query.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
