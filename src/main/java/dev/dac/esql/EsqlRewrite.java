package dev.dac.esql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an ES|QL query an older Elasticsearch can verify: the query cut before a command the engine refuses
 * for its version, and calls of newer functions stood in for by an expression of the same type that reads the same
 * arguments ({@code URL_DECODE(url.original)} → {@code CASE((url.original) IS NULL, "", "")}). The text is made of
 * pieces copied from the query and pieces inserted, so a place in the text maps back to the query's own line and
 * column; an inserted place maps to the start of the call it stands in for.
 */
public final class EsqlRewrite {

    /**
     * Functions of Elasticsearch 9.x that 8.19 lacks, with the type of their value: a stand-in of that type keeps
     * the commands after them typed as on the newer stack. FIRST and LAST (9.3's aggregations, whose names 8.19's
     * parser reads as the keywords of NULLS FIRST/LAST) take the type of their first argument, and so does
     * MV_INTERSECTION, with a value rather than an aggregation ("first argument value"). Sources: the
     * function docs of x-pack/plugin/esql (UrlDecode, UrlEncode, UrlEncodeComponent, JsonExtract, MvContains,
     * Contains, MvIntersection, First, Last).
     */
    private static final Map<String, String> NEWER_FUNCTIONS = Map.of(
            "url_decode", "keyword",
            "url_encode", "keyword",
            "url_encode_component", "keyword",
            "json_extract", "keyword",
            "mv_contains", "boolean",
            "contains", "boolean",
            "mv_intersection", "first argument value",
            "first", "first argument",
            "last", "first argument");

    /** The aggregations an INLINE STATS stand-in knows, with the type of their value (ES|QL's aggregate docs). */
    private static final Map<String, String> AGGREGATION_TYPES = Map.ofEntries(
            Map.entry("values", "first argument"), Map.entry("min", "first argument"),
            Map.entry("max", "first argument"), Map.entry("top", "first argument"),
            Map.entry("sample", "first argument"), Map.entry("first", "first argument"),
            Map.entry("last", "first argument"), Map.entry("count", "long"), Map.entry("count_distinct", "long"),
            Map.entry("avg", "double"), Map.entry("median", "double"),
            Map.entry("median_absolute_deviation", "double"), Map.entry("percentile", "double"),
            Map.entry("std_dev", "double"));
    /** 9.x's abbreviated time units and 8.19's names of them (TimeSpanLiterals of x-pack/plugin/esql). */
    private static final Map<String, String> TIME_UNITS = Map.ofEntries(Map.entry("ms", "milliseconds"),
            Map.entry("s", "seconds"), Map.entry("m", "minutes"), Map.entry("h", "hours"), Map.entry("d", "days"),
            Map.entry("w", "weeks"), Map.entry("mo", "months"), Map.entry("q", "quarters"), Map.entry("y", "years"),
            Map.entry("yr", "years"));
    private static final Pattern TIME_SPAN = Pattern.compile("(\\d+)\\s*([A-Za-z]+)\\b");
    private static final Pattern INLINE_STATS = Pattern.compile("\\s*inline\\s+stats\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOP_LEVEL_BY = Pattern.compile("(?<=\\s)by\\s", Pattern.CASE_INSENSITIVE);
    private static final String NAME = "(?:`(?:[^`]|``)+`|[\\w.@]+)";
    private static final Pattern COLUMN = Pattern.compile(NAME);
    private static final Pattern NAMED_AGGREGATION = Pattern.compile("\\s*(" + NAME + ")\\s*=\\s*([A-Za-z_]+)\\s*\\(");
    private static final Pattern AGGREGATION_FILTER = Pattern.compile("\\s+where\\s+(.+)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern COMPLETION = Pattern.compile("\\s*completion\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOP_LEVEL_WITH = Pattern.compile("(?<=\\s)with\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED = Pattern.compile("\\s*(" + NAME + ")\\s*=(?!=)");

    /** A piece of the text: copied from the query ({@code from} to {@code to}) or inserted, standing at {@code at}. */
    record Piece(int from, int to, String inserted, int at) {
        static Piece copy(int from, int to) {
            return new Piece(from, to, null, from);
        }

        static Piece insert(String text, int at) {
            return new Piece(at, at, text, at);
        }

        int length() {
            return inserted == null ? to - from : inserted.length();
        }
    }

    /**
     * A construct stood in for: where it starts and ends in the query, what it is (a function's name, INLINE STATS,
     * a time span) and the pieces that replace it.
     */
    public record StoodIn(int start, int end, String what, List<Piece> pieces) {}

    private final String query;
    private final List<StoodIn> stoodIn;
    private final int cut;
    private final List<Piece> pieces;
    private final String text;

    private EsqlRewrite(String query, List<StoodIn> stoodIn, int cut, List<Piece> pieces) {
        this.query = query;
        this.stoodIn = List.copyOf(stoodIn);
        this.cut = cut;
        this.pieces = List.copyOf(pieces);
        StringBuilder out = new StringBuilder();
        pieces.forEach(p -> out.append(p.inserted() == null ? query.substring(p.from(), p.to()) : p.inserted()));
        this.text = out.toString();
    }

    /** The query as it is. */
    public static EsqlRewrite of(String query) {
        return new EsqlRewrite(query, List.of(), query.length(), List.of(Piece.copy(0, query.length())));
    }

    /** The text to send to the engine. */
    public String text() {
        return text;
    }

    /** Where the query is cut: its length when it is not. */
    public int cut() {
        return cut;
    }

    public boolean isCut() {
        return cut < query.length();
    }

    public List<StoodIn> stoodIn() {
        return stoodIn;
    }

    /** The 1-based line of the query holding its last character before the cut that is no blank nor comment. */
    public int lastLine() {
        String blanked = EsqlPipeline.blankComments(query);
        int end = cut;
        while (end > 0 && Character.isWhitespace(blanked.charAt(end - 1))) {
            end--;
        }
        return lineOf(query, Math.max(0, end - 1));
    }

    /**
     * This rewrite cut before the command holding {@code offset} of the query (at the pipe that starts it); empty
     * when that is the source command, which leaves nothing to verify.
     */
    public Optional<EsqlRewrite> cutBefore(int offset) {
        int pipe = EsqlPipeline.pipeBefore(query, offset);
        if (pipe < 0) {
            return Optional.empty();
        }
        int newCut = Math.min(cut, pipe);
        List<StoodIn> kept = stoodIn.stream().filter(s -> s.end() <= newCut).toList();
        return Optional.of(build(query, kept, newCut));
    }

    /**
     * This rewrite with the call of a newer function whose name starts at {@code offset} stood in for; empty when
     * no such call starts there (another word, an unknown function, a call already stood in for or past the cut).
     */
    public Optional<EsqlRewrite> standIn(int offset) {
        if (offset < 0 || offset >= cut || stoodIn.stream().anyMatch(s -> offset >= s.start() && offset < s.end())) {
            return Optional.empty();
        }
        String blanked = EsqlPipeline.blankComments(query);
        int nameEnd = offset;
        while (nameEnd < blanked.length() && (Character.isLetterOrDigit(blanked.charAt(nameEnd))
                || blanked.charAt(nameEnd) == '_')) {
            nameEnd++;
        }
        String name = blanked.substring(offset, nameEnd).toLowerCase(Locale.ROOT);
        boolean wordStart = offset == 0 || !(Character.isLetterOrDigit(blanked.charAt(offset - 1))
                || blanked.charAt(offset - 1) == '_' || blanked.charAt(offset - 1) == '.');
        int open = nameEnd;
        while (open < blanked.length() && Character.isWhitespace(blanked.charAt(open))) {
            open++;
        }
        if (!wordStart || !NEWER_FUNCTIONS.containsKey(name) || open >= blanked.length()
                || blanked.charAt(open) != '(') {
            return Optional.empty();
        }
        int close = closingBracket(blanked, open);
        if (close < 0 || close >= cut) {
            return Optional.empty();
        }
        List<StoodIn> calls = new ArrayList<>(stoodIn);
        // a call inside an argument of this one is copied within it
        calls.removeIf(s -> s.start() > offset && s.end() <= close + 1);
        if (calls.stream().anyMatch(s -> s.start() < close + 1 && offset < s.end())) {
            return Optional.empty();
        }
        StoodIn call = new StoodIn(offset, close + 1, name.toUpperCase(Locale.ROOT), List.of());
        Optional<List<Piece>> pieces = standInPieces(blanked, call);
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        calls.add(new StoodIn(offset, close + 1, call.what(), pieces.get()));
        return Optional.of(build(query, calls, cut));
    }

    /**
     * This rewrite with the command holding {@code offset} stood in for by an EVAL of the columns it adds, when it is
     * one dac knows how to: an INLINE STATS (9.3) or a COMPLETION with options (9.3's {@code WITH {...}}). Empty for
     * any other command, or a form of them this does not know.
     */
    public Optional<EsqlRewrite> standInCommand(int offset) {
        int pipe = EsqlPipeline.pipeBefore(query, offset);
        if (pipe < 0 || pipe >= cut || stoodIn.stream().anyMatch(s -> s.start() <= pipe && pipe < s.end())) {
            return Optional.empty();
        }
        String blanked = EsqlPipeline.blankComments(query);
        int end = EsqlPipeline.splitTopLevel(blanked, '|').stream().mapToInt(EsqlPipeline.Segment::start)
                .filter(start -> start > pipe + 1).map(start -> start - 1).min().orElse(query.length());
        if (end > cut) {
            return Optional.empty();
        }
        String command = blanked.substring(pipe + 1, end);
        Matcher inlineStats = INLINE_STATS.matcher(command);
        Matcher completion = COMPLETION.matcher(command);
        Optional<List<Piece>> pieces = inlineStats.lookingAt()
                ? inlineStats(blanked, pipe + 1 + inlineStats.end(), end)
                : completion.lookingAt() ? completion(blanked, pipe + 1 + completion.end(), end) : Optional.empty();
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        List<StoodIn> calls = new ArrayList<>(stoodIn);
        calls.removeIf(s -> s.start() > pipe && s.end() <= end);
        calls.add(new StoodIn(pipe + 1, end, inlineStats.lookingAt() ? "INLINE STATS" : "COMPLETION",
                pieces.get()));
        return Optional.of(build(query, calls, cut));
    }

    /**
     * INLINE STATS as an EVAL of the same columns: each {@code name = AGG(x) [WHERE c]} becomes {@code name =
     * CASE(..., v, v)} with {@code v} a value of the aggregation's type ({@code x} itself for VALUES, MIN, MAX, ...;
     * a long for COUNT; a double for AVG), reading its arguments, its filter and the BY columns, so the columns
     * INLINE STATS adds to every row exist after it with their types. Empty for a form this does not know (an
     * unnamed aggregation, SUM, whose type follows its argument's, a BY that computes).
     */
    private static Optional<List<Piece>> inlineStats(String blanked, int bodyStart, int end) {
        Matcher by = TOP_LEVEL_BY.matcher(blanked.substring(bodyStart, end));
        int aggsEnd = end;
        List<int[]> groups = new ArrayList<>();
        while (by.find()) {
            if (depth(blanked, bodyStart, bodyStart + by.start()) == 0) {
                aggsEnd = bodyStart + by.start();
                for (EsqlPipeline.Segment group : EsqlPipeline.splitTopLevel(
                        blanked.substring(bodyStart + by.end(), end), ',')) {
                    int[] range = trimmed(bodyStart + by.end() + group.start(), group.text());
                    if (!COLUMN.matcher(blanked.substring(range[0], range[1])).matches()) {
                        return Optional.empty();
                    }
                    groups.add(range);
                }
                break;
            }
        }
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.insert(" EVAL ", bodyStart));
        for (EsqlPipeline.Segment agg : EsqlPipeline.splitTopLevel(blanked.substring(bodyStart, aggsEnd), ',')) {
            int aggStart = bodyStart + agg.start();
            Matcher named = NAMED_AGGREGATION.matcher(agg.text());
            String type = named.lookingAt() ? AGGREGATION_TYPES.get(named.group(2).toLowerCase(Locale.ROOT)) : null;
            int close = type == null ? -1 : closingBracket(agg.text(), named.end() - 1);
            if (close < 0) {
                return Optional.empty();
            }
            List<int[]> args = new ArrayList<>();
            for (EsqlPipeline.Segment arg : EsqlPipeline.splitTopLevel(agg.text().substring(named.end(), close), ',')) {
                int[] range = trimmed(aggStart + named.end() + arg.start(), arg.text());
                if (range[0] < range[1] && !blanked.substring(range[0], range[1]).equals("*")) {
                    args.add(range);
                }
            }
            List<int[]> read = new ArrayList<>(args);
            String rest = agg.text().substring(close + 1);
            Matcher filter = AGGREGATION_FILTER.matcher(rest);
            if (filter.matches()) {
                read.add(trimmed(aggStart + close + 1 + filter.start(1), filter.group(1)));
            } else if (!rest.isBlank()) {
                return Optional.empty();
            }
            if (type.equals("first argument") && args.isEmpty()) {
                return Optional.empty();
            }
            if (pieces.size() == 1) {
                read.addAll(groups);
            } else {
                pieces.add(Piece.insert(", ", aggStart));
            }
            pieces.add(Piece.copy(aggStart + named.start(1), aggStart + named.end(1)));
            pieces.add(Piece.insert(" = CASE(", aggStart));
            pieces.addAll(readingEach(read, aggStart));
            pieces.addAll(valueOf(type, args, aggStart));
        }
        return pieces.size() == 1 ? Optional.empty() : Optional.of(pieces);
    }

    /**
     * COMPLETION as an EVAL of its column, a keyword ({@code completion} unless named), reading the prompt: {@code
     * COMPLETION r = prompt WITH {...}} → {@code EVAL r = CASE((prompt) IS NULL, "", "")}. Empty without WITH.
     */
    private static Optional<List<Piece>> completion(String blanked, int bodyStart, int end) {
        Matcher with = TOP_LEVEL_WITH.matcher(blanked.substring(bodyStart, end));
        int promptEnd = -1;
        while (promptEnd < 0 && with.find()) {
            if (depth(blanked, bodyStart, bodyStart + with.start()) == 0) {
                promptEnd = bodyStart + with.start();
            }
        }
        if (promptEnd < 0) {
            return Optional.empty();
        }
        Matcher named = NAMED.matcher(blanked.substring(bodyStart, promptEnd));
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.insert(" EVAL ", bodyStart));
        int promptStart = bodyStart;
        if (named.lookingAt()) {
            pieces.add(Piece.copy(bodyStart + named.start(1), bodyStart + named.end(1)));
            promptStart = bodyStart + named.end();
        } else {
            pieces.add(Piece.insert("completion", bodyStart));
        }
        int[] prompt = trimmed(promptStart, blanked.substring(promptStart, promptEnd));
        if (prompt[0] >= prompt[1]) {
            return Optional.empty();
        }
        pieces.add(Piece.insert(" = CASE(", bodyStart));
        pieces.addAll(readingEach(List.of(prompt), bodyStart));
        pieces.addAll(valueOf("keyword", List.of(), bodyStart));
        return Optional.of(pieces);
    }

    /** {@code , v, v)}: the two branches of a stand-in CASE, of {@code type} or of the first argument's type. */
    private static List<Piece> valueOf(String type, List<int[]> args, int at) {
        if (type.equals("first argument")) {
            return List.of(Piece.insert(", ", at), Piece.copy(args.get(0)[0], args.get(0)[1]), Piece.insert(", ", at),
                    Piece.copy(args.get(0)[0], args.get(0)[1]), Piece.insert(")", at));
        }
        String literal = StandInColumns.LITERALS.get(type);
        return List.of(Piece.insert(", " + literal + ", " + literal + ")", at));
    }

    /**
     * This rewrite with the time span at {@code offset} written with a unit's full name ({@code 5m} → {@code 5
     * minutes}): 9.x reads the abbreviations of its time spans (m, h, d, w, mo, q, y, ...), 8.19 refuses them
     * ("Unexpected temporal unit"). Empty when no number with such a unit starts there.
     */
    public Optional<EsqlRewrite> standInTimeSpan(int offset) {
        if (offset < 0 || offset >= cut || stoodIn.stream().anyMatch(s -> offset >= s.start() && offset < s.end())) {
            return Optional.empty();
        }
        Matcher span = TIME_SPAN.matcher(query);
        if (!span.find(offset) || span.start() != offset
                || !TIME_UNITS.containsKey(span.group(2).toLowerCase(Locale.ROOT)) || span.end() > cut) {
            return Optional.empty();
        }
        List<StoodIn> calls = new ArrayList<>(stoodIn);
        calls.add(new StoodIn(offset, span.end(), span.group(), List.of(Piece.copy(offset, span.start(2)),
                Piece.insert(" " + TIME_UNITS.get(span.group(2).toLowerCase(Locale.ROOT)), span.start(2)))));
        return Optional.of(build(query, calls, cut));
    }

    /** {@code (a) IS NULL OR (b) IS NULL}: true or false, reading each range; {@code false} when there is none. */
    private static List<Piece> readingEach(List<int[]> ranges, int at) {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            pieces.add(Piece.insert(i == 0 ? "(" : " OR (", at));
            pieces.add(Piece.copy(ranges.get(i)[0], ranges.get(i)[1]));
            pieces.add(Piece.insert(") IS NULL", at));
        }
        if (ranges.isEmpty()) {
            pieces.add(Piece.insert("false", at));
        }
        return pieces;
    }

    /** The range of {@code text}, found at {@code start}, without its leading and trailing blanks. */
    private static int[] trimmed(int start, String text) {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return new int[] {start + from, start + to};
    }

    /** The depth of brackets at {@code to}, counted from {@code from}, outside strings and quoted names. */
    private static int depth(String blanked, int from, int to) {
        int depth = 0;
        int i = from;
        while (i < to) {
            char c = blanked.charAt(i);
            if (c == '"') {
                i = EsqlPipeline.skipString(blanked, i);
                continue;
            }
            if (c == '`') {
                int close = blanked.indexOf('`', i + 1);
                i = close < 0 ? to : close + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            i++;
        }
        return i > to ? -1 : depth;
    }

    /** The query's own 1-based line and column of a 1-based line and column of {@link #text()}. */
    public int[] originalPosition(int line, int column) {
        int offset = offsetOf(text, line, column);
        int position = 0;
        for (Piece piece : pieces) {
            if (offset < position + piece.length()) {
                int original = piece.inserted() == null ? piece.from() + (offset - position) : piece.at();
                return positionOf(query, original);
            }
            position += piece.length();
        }
        return positionOf(query, Math.min(cut, query.length()));
    }

    /** {@code problem} placed at the query's own line and column. */
    public EsqlProblem original(EsqlProblem problem) {
        if (problem.line() <= 0) {
            return problem;
        }
        int[] at = originalPosition(problem.line(), Math.max(1, problem.column()));
        return new EsqlProblem(problem.kind(), at[0], problem.column() > 0 ? at[1] : 0, problem.message());
    }

    /** The offset in {@code text} of a 1-based line and column. */
    public static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', offset);
            if (next < 0) {
                return text.length();
            }
            offset = next + 1;
        }
        return Math.min(text.length(), offset + Math.max(0, column - 1));
    }

    private static int[] positionOf(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    /** The 1-based line of {@code text} holding {@code offset}. */
    public static int offsetLine(String text, int offset) {
        return positionOf(text, offset)[0];
    }

    private static int lineOf(String text, int offset) {
        return positionOf(text, offset)[0];
    }

    /** Index of the bracket closing the one at {@code open}, outside strings and quoted names; -1 if none. */
    private static int closingBracket(String blanked, int open) {
        int depth = 0;
        int i = open;
        while (i < blanked.length()) {
            char c = blanked.charAt(i);
            if (c == '"') {
                i = EsqlPipeline.skipString(blanked, i);
                continue;
            }
            if (c == '`') {
                int end = blanked.indexOf('`', i + 1);
                i = end < 0 ? blanked.length() : end + 1;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static EsqlRewrite build(String query, List<StoodIn> calls, int cut) {
        List<StoodIn> sorted = calls.stream().sorted(Comparator.comparingInt(StoodIn::start)).toList();
        List<Piece> pieces = new ArrayList<>();
        int at = 0;
        for (StoodIn call : sorted) {
            pieces.add(Piece.copy(at, call.start()));
            pieces.addAll(call.pieces());
            at = call.end();
        }
        pieces.add(Piece.copy(at, cut));
        return new EsqlRewrite(query, sorted, cut, pieces);
    }

    /**
     * A value of the function's type that reads each argument: {@code CASE((a) IS NULL OR (b) IS NULL, "", "")};
     * for FIRST and LAST, an aggregation of their first argument's type, {@code VALUES(CASE((sort) IS NULL, v, v))}.
     * Empty for a function of its first argument's type called without one.
     */
    private static Optional<List<Piece>> standInPieces(String blanked, StoodIn call) {
        int open = blanked.indexOf('(', call.start());
        List<int[]> args = new ArrayList<>();
        for (EsqlPipeline.Segment arg : EsqlPipeline.splitTopLevel(blanked.substring(open + 1, call.end() - 1), ',')) {
            if (!arg.text().isBlank()) {
                args.add(trimmed(open + 1 + arg.start(), arg.text()));
            }
        }
        String type = NEWER_FUNCTIONS.get(call.what().toLowerCase(Locale.ROOT));
        boolean aggregation = type.equals("first argument");
        boolean sameType = aggregation || type.equals("first argument value");
        if (sameType && args.isEmpty()) {
            return Optional.empty();
        }
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.insert(aggregation ? "VALUES(CASE(" : "CASE(", call.start()));
        pieces.addAll(readingEach(sameType && !args.isEmpty() ? args.subList(1, args.size()) : args, call.start()));
        pieces.addAll(valueOf(sameType ? "first argument" : type, args, call.start()));
        if (aggregation) {
            pieces.add(Piece.insert(")", call.start()));
        }
        return Optional.of(pieces);
    }
}
