package dev.dac.esql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ES|QL rule query produces, read from its text: the output columns, every column it creates along the way,
 * the METADATA fields its FROM asks for, and whether it aggregates.
 */
public final class EsqlQueryAnalysis {

    private static final Pattern BY = Pattern.compile("(?i)(^|\\s)by\\s");
    private static final Pattern GROK_FIELD = Pattern.compile("%\\{[A-Za-z0-9_]+:([^:}]+)(?::[a-z]+)?}");
    private static final Pattern DISSECT_FIELD = Pattern.compile("%\\{[+?*&]?([^}\\s]*)}");
    private static final Pattern RENAME_AS = Pattern.compile("(?is)^(.+?)\\s+as\\s+(.+)$");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?s)^\\s*(`[^`]+`|[A-Za-z_@][\\w.@]*)\\s*=(?!=)\\s*(.+)$");

    private final EsqlPipeline pipeline;
    private final OutputColumns output;
    private final Set<String> created;
    private final Optional<EsqlCommand> source;
    private final Set<String> metadataFields;

    private EsqlQueryAnalysis(EsqlPipeline pipeline) {
        this.pipeline = pipeline;
        Set<String> createdColumns = new LinkedHashSet<>();
        Set<String> known = new LinkedHashSet<>();
        List<Pattern> patterns = new ArrayList<>();
        Set<String> metadata = new LinkedHashSet<>();
        EsqlCommand from = null;
        for (EsqlCommand command : pipeline.commands()) {
            String body = command.body();
            switch (command.name()) {
                case "from", "ts" -> {
                    from = command;
                    metadata.addAll(metadataOf(body));
                    known.addAll(metadata);
                    patterns = OutputColumns.anything();
                }
                case "row" -> {
                    for (String part : parts(body)) {
                        String name = assignedName(part).orElse(part.strip());
                        known.add(name);
                        createdColumns.add(name);
                    }
                }
                case "eval" -> {
                    for (String part : parts(body)) {
                        String name = assignedName(part).orElse(part.strip());
                        known.add(name);
                        createdColumns.add(name);
                    }
                }
                case "stats" -> {
                    Set<String> columns = statsColumns(body, createdColumns);
                    known = new LinkedHashSet<>(columns);
                    patterns = new ArrayList<>();
                }
                case "inlinestats" -> known.addAll(statsColumns(body, createdColumns));
                case "keep" -> {
                    Set<String> kept = new LinkedHashSet<>();
                    List<Pattern> keptPatterns = new ArrayList<>();
                    for (String part : parts(body)) {
                        String name = unquote(part.strip());
                        if (name.contains("*")) {
                            Pattern pattern = OutputColumns.wildcard(name);
                            known.stream().filter(k -> pattern.matcher(k).matches()).forEach(kept::add);
                            if (!patterns.isEmpty()) {
                                keptPatterns.add(pattern);
                            }
                        } else if (known.contains(name) || !patterns.isEmpty()) {
                            kept.add(name);
                        }
                    }
                    known = kept;
                    patterns = keptPatterns;
                }
                case "drop" -> {
                    for (String part : parts(body)) {
                        Pattern pattern = OutputColumns.wildcard(unquote(part.strip()));
                        known.removeIf(k -> pattern.matcher(k).matches());
                    }
                }
                case "rename" -> {
                    for (String part : parts(body)) {
                        Matcher as = RENAME_AS.matcher(part.strip());
                        Optional<String> assigned = assignedName(part);
                        if (as.matches()) {
                            known.remove(unquote(as.group(1).strip()));
                            String target = unquote(as.group(2).strip());
                            known.add(target);
                            createdColumns.add(target);
                        } else if (assigned.isPresent()) {
                            known.remove(unquote(ASSIGNMENT.matcher(part).replaceFirst("$2").strip()));
                            known.add(assigned.get());
                            createdColumns.add(assigned.get());
                        }
                    }
                }
                case "grok" -> addAll(GROK_FIELD, body, known, createdColumns);
                case "dissect" -> addAll(DISSECT_FIELD, body, known, createdColumns);
                case "enrich" -> {
                    int with = indexOfWord(body, "with");
                    if (with < 0) {
                        patterns = OutputColumns.anything(); // all enrich fields, unknown here
                    } else {
                        for (String part : parts(body.substring(with + 4))) {
                            String name = assignedName(part).orElse(unquote(part.strip()));
                            known.add(name);
                            createdColumns.add(name);
                        }
                    }
                }
                case "where", "sort", "limit", "mv_expand", "sample" -> {
                    // rows change, columns do not
                }
                default -> patterns = OutputColumns.anything(); // a command this analysis does not model
            }
        }
        this.output = new OutputColumns(known, patterns);
        this.created = Collections.unmodifiableSet(createdColumns);
        this.source = Optional.ofNullable(from);
        this.metadataFields = Collections.unmodifiableSet(metadata);
    }

    public static EsqlQueryAnalysis of(String query) {
        return new EsqlQueryAnalysis(EsqlPipeline.parse(query));
    }

    public EsqlPipeline pipeline() {
        return pipeline;
    }

    public OutputColumns output() {
        return output;
    }

    /** Every column the query itself creates (EVAL, STATS, RENAME, GROK, DISSECT, ENRICH), kept or not. */
    public Set<String> createdColumns() {
        return created;
    }

    /** The FROM (or TS) command, if the query has one. */
    public Optional<EsqlCommand> sourceCommand() {
        return source;
    }

    /**
     * The index patterns the FROM (or TS) command reads, as written ({@code logs-aws.cloudtrail-*}, quotes removed,
     * exclusions with their {@code -}); empty without a source command.
     */
    public List<String> indexPatterns() {
        if (source.isEmpty()) {
            return List.of();
        }
        String body = source.get().body();
        Matcher metadata = Pattern.compile("(?i)\\bmetadata\\b").matcher(body);
        String sources = metadata.find() ? body.substring(0, metadata.start()) : body;
        List<String> patterns = new ArrayList<>();
        for (String part : sources.split(",")) {
            String pattern = part.strip();
            if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) {
                pattern = pattern.substring(1, pattern.length() - 1).strip();
            }
            if (!pattern.isEmpty()) {
                patterns.add(pattern);
            }
        }
        return List.copyOf(patterns);
    }

    /** Fields named after METADATA in the FROM command, such as {@code _id}. */
    public Set<String> metadataFields() {
        return metadataFields;
    }

    public boolean aggregates() {
        return pipeline.aggregates();
    }

    private static Set<String> statsColumns(String body, Set<String> createdColumns) {
        Set<String> columns = new LinkedHashSet<>();
        Matcher by = BY.matcher(body);
        int split = -1;
        // find a top-level BY: not inside brackets or strings
        while (by.find()) {
            if (depthAt(body.substring(0, by.start())) == 0) {
                split = by.start();
                break;
            }
        }
        String aggregates = split < 0 ? body : body.substring(0, split);
        String groups = split < 0 ? "" : body.substring(split).strip().substring(2);
        for (String part : parts(aggregates)) {
            if (part.isBlank()) {
                continue;
            }
            String name = assignedName(part).orElse(part.strip());
            columns.add(name);
            createdColumns.add(name);
        }
        for (String part : parts(groups)) {
            if (part.isBlank()) {
                continue;
            }
            Optional<String> assigned = assignedName(part);
            String name = assigned.orElse(unquote(part.strip()));
            columns.add(name);
            if (assigned.isPresent()) {
                createdColumns.add(name);
            }
        }
        return columns;
    }

    private static int depthAt(String text) {
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i = EsqlPipeline.skipString(text, i);
                continue;
            }
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            }
            i++;
        }
        return depth;
    }

    private static List<String> parts(String body) {
        List<String> parts = new ArrayList<>();
        for (EsqlPipeline.Segment segment : EsqlPipeline.splitTopLevel(body, ',')) {
            if (!segment.text().isBlank()) {
                parts.add(segment.text());
            }
        }
        return parts;
    }

    private static Optional<String> assignedName(String part) {
        Matcher m = ASSIGNMENT.matcher(part);
        return m.matches() ? Optional.of(unquote(m.group(1))) : Optional.empty();
    }

    private static String unquote(String name) {
        String n = name.strip();
        return n.length() >= 2 && n.startsWith("`") && n.endsWith("`") ? n.substring(1, n.length() - 1) : n;
    }

    /**
     * Fields after the METADATA keyword of a FROM. ES|QL's grammar (EsqlBaseParser.g4, fromCommand:
     * {@code FROM indexPatternAndMetadataFields}) allows METADATA only as a word of its own right after the
     * comma-separated source list, so a source named {@code logs-metadata-aws*} or {@code metadata} is no keyword.
     */
    static Set<String> metadataOf(String fromBody) {
        Set<String> fields = new LinkedHashSet<>();
        boolean expectSource = true;
        int i = 0;
        while (i < fromBody.length()) {
            char c = fromBody.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ',') {
                expectSource = true;
                i++;
            } else if (c == '"') {
                i = EsqlPipeline.skipString(fromBody, i);
                expectSource = false;
            } else {
                int start = i;
                while (i < fromBody.length() && !Character.isWhitespace(fromBody.charAt(i))
                        && fromBody.charAt(i) != ',' && fromBody.charAt(i) != '"') {
                    i++;
                }
                if (!expectSource && fromBody.substring(start, i).equalsIgnoreCase("metadata")) {
                    for (String part : parts(fromBody.substring(i))) {
                        fields.add(part.strip());
                    }
                    return fields;
                }
                expectSource = false;
            }
        }
        return fields;
    }

    private static void addAll(Pattern field, String body, Set<String> known, Set<String> createdColumns) {
        Matcher m = field.matcher(body);
        while (m.find()) {
            String name = m.group(1);
            if (!name.isEmpty()) {
                known.add(name);
                createdColumns.add(name);
            }
        }
    }

    private static int indexOfWord(String body, String word) {
        Matcher m = Pattern.compile("(?i)\\b" + word + "\\b").matcher(body);
        return m.find() ? m.start() : -1;
    }
}
