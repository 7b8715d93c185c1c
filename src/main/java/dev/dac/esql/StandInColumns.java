package dev.dac.esql;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The columns a follow-up ask stands in for (columns Elasticsearch did not find and dac cannot judge), each as a
 * literal of the type the query wants of it. A column starts as a keyword ({@code ""}); when the ask is refused
 * because the query compares or passes it as another type ({@code col >= 0.7}: "first argument of [...] is [keyword]
 * so second argument must also be [keyword] but was [double]"), it takes that type once. Elasticsearch stops
 * resolving at a command whose expressions do not type-check, so a stand-in of the wrong type hides the typos
 * further on as much as the missing column did. The messages read are those of EsqlBinaryComparison and
 * TypeResolutions (x-pack/plugin/esql-core).
 */
public final class StandInColumns {

    /** A literal of each type a query may want, in ES|QL. */
    static final Map<String, String> LITERALS = Map.ofEntries(
            Map.entry("keyword", "\"\""),
            Map.entry("text", "\"\""),
            Map.entry("integer", "0"),
            Map.entry("long", "TO_LONG(0)"),
            Map.entry("unsigned_long", "TO_LONG(0)"),
            Map.entry("double", "0.0"),
            Map.entry("boolean", "false"),
            Map.entry("datetime", "TO_DATETIME(0)"),
            Map.entry("date_nanos", "TO_DATETIME(0)"),
            Map.entry("ip", "TO_IP(\"0.0.0.0\")"),
            Map.entry("version", "TO_VERSION(\"1.0\")"));

    /** {@code a OP b}: the two operands had to be of one type. */
    private static final Pattern SAME_TYPE = Pattern.compile(
            "^first argument of \\[(.+)\\] is \\[([a-z_]+)\\] so second argument must also be \\[[a-z_]+\\]"
                    + " but was \\[([a-z_]+)\\]", Pattern.DOTALL);
    /** A function's or IN's argument: "[1st ]argument of [f(x)] must be [numeric], found value [x] type [keyword]". */
    private static final Pattern ARGUMENT = Pattern.compile(
            "^(?:\\w+ )?argument of \\[(.+)\\] must be \\[([^\\]]+)\\], found value \\[(.+)\\] type \\[([a-z_]+)\\]",
            Pattern.DOTALL);
    private static final Pattern OPERATOR = Pattern.compile("\\s+(==|!=|<=|>=|<|>|:)\\s+");
    private static final Pattern LEADING_NAME = Pattern.compile("^\\s*(`(?:[^`]|``)+`|[\\w.@/]+)");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Set<String> retyped = new LinkedHashSet<>();

    /** Stands in for {@code column} (as a keyword at first); false when it already is. */
    public boolean add(String column) {
        return types.putIfAbsent(column, "keyword") == null;
    }

    public boolean contains(String column) {
        return types.containsKey(column);
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The type {@code column} stands in as, if it is stood in for. */
    public Optional<String> typeOf(String column) {
        return Optional.ofNullable(types.get(column));
    }

    /**
     * Reads a refusal of the last ask of {@code query}: when it says a stood-in column (or a column an EVAL named
     * after one, {@code | eval Esql.code = col}) must be of another type, that column takes the type, once, so the
     * asks cannot go round between two uses. True when a type changed.
     */
    public boolean learn(EsqlProblem problem, String query) {
        if (problem.kind() != EsqlProblem.Kind.INVALID) {
            return false;
        }
        Matcher same = SAME_TYPE.matcher(problem.message());
        if (same.find()) {
            String[] operands = OPERATOR.split(same.group(1), 2);
            if (operands.length == 2) {
                return retype(operands[0], same.group(3), query) || retype(operands[1], same.group(2), query);
            }
            return false;
        }
        Matcher argument = ARGUMENT.matcher(problem.message());
        if (argument.find()) {
            // the stood-in column is the value that did not fit (sum(col)), or what a literal was checked against
            // (col IN (401, 403): the literal 401 did not fit the keyword column)
            return retype(argument.group(3), wanted(argument.group(2)), query)
                    || retype(argument.group(1), argument.group(4), query);
        }
        return false;
    }

    /** A type of the words Elasticsearch says an argument must be ("numeric except unsigned_long ..."). */
    private static String wanted(String description) {
        String words = description.toLowerCase(Locale.ROOT);
        if (LITERALS.containsKey(words)) {
            return words;
        }
        if (words.startsWith("datetime") || words.startsWith("date")) {
            return "datetime";
        }
        if (words.contains("numeric") || words.contains("integer") || words.contains("double")) {
            return "double";
        }
        if (words.startsWith("boolean")) {
            return "boolean";
        }
        return words.startsWith("ip") ? "ip" : "keyword";
    }

    private boolean retype(String expression, String type, String query) {
        Matcher name = LEADING_NAME.matcher(expression);
        if (!name.find() || !LITERALS.containsKey(type)) {
            return false;
        }
        String column = unquote(name.group(1));
        // a column named after a stood-in one by an EVAL (up to three such steps)
        for (int step = 0; step < 3 && !types.containsKey(column); step++) {
            Matcher alias = Pattern.compile("(?:^|[\\s,|])" + Pattern.quote(column)
                    + "\\s*=\\s*(`(?:[^`]|``)+`|[\\w.@/]+)\\s*(?=,|\\||$)", Pattern.MULTILINE).matcher(query);
            if (!alias.find()) {
                return false;
            }
            column = unquote(alias.group(1));
        }
        if (!types.containsKey(column) || types.get(column).equals(type) || !retyped.add(column)) {
            return false;
        }
        types.put(column, type);
        return true;
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    /** {@code | EVAL `a` = "", `b` = 0.0 } : the command that stands in for every column, ending in a space. */
    public String eval() {
        return types.entrySet().stream()
                .map(e -> "`" + e.getKey().replace("`", "``") + "` = " + LITERALS.get(e.getValue()))
                .collect(Collectors.joining(", ", "| EVAL ", " "));
    }
}
