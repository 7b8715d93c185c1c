package dev.dac.esql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One problem Elasticsearch found in an ES|QL query: what kind, where in the query ({@code line} and {@code column}
 * 1-based, 0 when it named no place) and its own words. Elasticsearch puts each problem on a line of its own as
 * {@code line L:C: message} (ParsingException and VerificationException of x-pack/plugin/esql, whose Failures list
 * them one a line after "Found N problems").
 */
public record EsqlProblem(Kind kind, int line, int column, String message) {

    public enum Kind {
        /** The query does not parse (a misspelt command, a missing pipe, an unclosed string). */
        SYNTAX,
        /** A column that none of the indices maps, nor the query creates. */
        UNKNOWN_COLUMN,
        /** A function Elasticsearch does not have. */
        UNKNOWN_FUNCTION,
        /** An index pattern that names no index. */
        UNKNOWN_INDEX,
        /**
         * An inference endpoint the query names (COMPLETION, RERANK) is missing from the engine or of another task
         * type: the engine's setup, not the query's text.
         */
        INFERENCE_ENDPOINT,
        /** Any other problem of the query's meaning: mostly types that do not fit an operator or a function. */
        INVALID
    }

    private static final Pattern PLACED = Pattern.compile("^line (\\d+):(\\d+): ", Pattern.MULTILINE);

    /** The problems in an error Elasticsearch answered with: its type ({@code parsing_exception}, ...) and reason. */
    public static List<EsqlProblem> parse(String errorType, String reason) {
        boolean syntax = "parsing_exception".equals(errorType);
        List<EsqlProblem> problems = new ArrayList<>();
        String text = reason == null ? "" : reason;
        Matcher placed = PLACED.matcher(text);
        List<int[]> starts = new ArrayList<>();
        while (placed.find()) {
            starts.add(new int[] {placed.start(), placed.end(), Integer.parseInt(placed.group(1)),
                Integer.parseInt(placed.group(2))});
        }
        if (starts.isEmpty()) {
            return List.of(new EsqlProblem(syntax ? Kind.SYNTAX : kindOf(text, errorType), 0, 0, text.strip()));
        }
        for (int i = 0; i < starts.size(); i++) {
            int[] start = starts.get(i);
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            String message = text.substring(start[1], end).strip();
            problems.add(new EsqlProblem(syntax ? Kind.SYNTAX : kindOf(message, errorType), start[2], start[3],
                    message));
        }
        return problems;
    }

    private static Kind kindOf(String message, String errorType) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unknown column")) {
            return Kind.UNKNOWN_COLUMN;
        }
        if (lower.startsWith("unknown function")) {
            return Kind.UNKNOWN_FUNCTION;
        }
        if (isAboutInferenceEndpoint(lower)) {
            return Kind.INFERENCE_ENDPOINT;
        }
        if (lower.startsWith("unknown index") || "index_not_found_exception".equals(errorType)) {
            return Kind.UNKNOWN_INDEX;
        }
        return Kind.INVALID;
    }

    /**
     * Whether Elasticsearch's words are about an inference endpoint: "Inference endpoint not found [id]"
     * (x-pack/plugin/inference, when the endpoint is missing) or "cannot use inference endpoint [id] with task type
     * [...]" (x-pack/plugin/esql, Analyzer.ResolveInference).
     */
    public static boolean isAboutInferenceEndpoint(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("inference endpoint") || lower.contains("unresolved inference");
    }
}
