package dev.dac.harness;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.TimeRange;
import dev.dac.esql.EsqlCommand;
import dev.dac.esql.EsqlPipeline;
import dev.dac.fields.FieldMap;
import dev.dac.kql.DocumentValues;
import dev.dac.kql.KqlEvaluator;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlParser;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Why a rule's alerts were not the expected ones, in the terms a detection engineer asks about, each line naming the
 * fixture line it is about. For a missing alert: every source event of the case and the first thing that kept it from
 * alerting (its index, the rule's window, the first clause of the KQL query it fails, a new terms combination already
 * seen in the history window, a threshold group too small), or for ES|QL the rows left after each command of the
 * query cut after each pipe, run on the node. For each raised alert: the event that raised it. For an expected field
 * no alert has: the closest field the alerts have. EQL rules are explained by {@link EqlWhyFailed}.
 */
final class WhyFailed {

    private final Execution execution;
    private final TestCase testCase;
    private final FixtureLines lines;
    private final Map<String, FieldMap> fieldsByIndex = new HashMap<>();

    WhyFailed(Execution execution, TestCase testCase) {
        this.execution = execution;
        this.testCase = testCase;
        this.lines = FixtureLines.of(testCase);
    }

    /** The explanation of the {@code x}-th expectation of the case, which failed with {@code actual} raised. */
    List<String> explain(int x, Rule rule, List<ObjectNode> actual) {
        TestCase.Expectation expected = testCase.expectations().get(x);
        List<String> why = new ArrayList<>();
        try {
            why.addAll(unknownFields(x, expected, actual));
            why.addAll(raisedBy(actual));
            if (actual.size() < expected.count()) {
                why.addAll(missing(rule));
            }
        } catch (IOException | RuntimeException e) {
            why.add("(dac could not explain further: " + e.getMessage() + ")");
        }
        return why;
    }

    /** Expected fields that no raised alert has at all, with the closest one they have. */
    private List<String> unknownFields(int x, TestCase.Expectation expected, List<ObjectNode> actual) {
        if (actual.isEmpty()) {
            return List.of();
        }
        Set<String> present = new TreeSet<>();
        actual.forEach(alert -> present.addAll(fieldNames(alert, "")));
        List<String> why = new ArrayList<>();
        for (int y = 0; y < expected.alerts().size(); y++) {
            for (String field : expected.alerts().get(y).propertyNames()) {
                boolean somewhere = actual.stream().anyMatch(a -> !DocumentValues.leaves(a, field).isEmpty());
                if (!somewhere) {
                    String suggestion = ClosestKey.among(field, present).map(k -> "; did you mean " + k + "?")
                            .orElse("");
                    why.add(at(lines.expectedField(x, y, field)) + "expected field " + field + " is on no raised alert"
                            + suggestion);
                }
            }
        }
        return why;
    }

    private static Set<String> fieldNames(JsonNode node, String prefix) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            names.add(name);
            if (field.getValue().isObject()) {
                names.addAll(fieldNames(field.getValue(), name + "."));
            }
        }
        return names;
    }

    /** For each raised alert (up to five), the source event it was built from. */
    private List<String> raisedBy(List<ObjectNode> actual) throws IOException {
        List<String> why = new ArrayList<>();
        int shown = 0;
        for (ObjectNode alert : actual) {
            if (shown++ == 5) {
                why.add("... and " + (actual.size() - 5) + " more alerts");
                break;
            }
            JsonNode ancestor = alert.path("kibana.alert.ancestors").path(0);
            if (!"event".equals(ancestor.path("type").asString(""))) {
                continue; // an aggregating ES|QL alert has no single event behind it
            }
            JsonNode source = execution.elasticsearch().send("GET", "/" + ancestor.path("index").asString() + "/_doc/"
                    + ancestor.path("id").asString(), null).path("_source");
            int n = eventNumber(source);
            why.add(n < 0 ? "alert " + shown + " was raised by a document that is not one of the case's events"
                    : at(lines.event(n)) + "alert " + shown + " was raised by event " + (n + 1)
                            + space(brief(testCase.events().get(n).document())));
        }
        return why;
    }

    private int eventNumber(JsonNode source) {
        for (int n = 0; n < testCase.events().size(); n++) {
            if (testCase.events().get(n).document().equals(source)) {
                return n;
            }
        }
        return -1;
    }

    /** Why the events raised fewer alerts than expected. */
    private List<String> missing(Rule rule) throws IOException {
        TypeFields type = rule.typeFields();
        if (type instanceof TypeFields.EsqlFields esql) {
            return esqlStages(rule, esql.query());
        }
        if (type instanceof TypeFields.EqlFields eql) {
            return new EqlWhyFailed(this, testCase.events()).explain(rule, eql, instant(rule.common().effectiveFrom()),
                    instant(rule.common().effectiveTo()));
        }
        String language;
        String query;
        List<String> indexPatterns;
        if (type instanceof TypeFields.QueryFields q) {
            language = q.language();
            query = q.query();
            indexPatterns = q.index();
        } else if (type instanceof TypeFields.NewTermsFields q) {
            language = q.language();
            query = q.query();
            indexPatterns = q.index();
        } else if (type instanceof TypeFields.ThresholdFields q) {
            language = q.language();
            query = q.query();
            indexPatterns = q.index();
        } else {
            return List.of("rules of type " + rule.type() + " are not explained event by event");
        }
        if (language != null && !language.equals("kuery")) {
            return List.of("the query is " + language + ", which dac does not evaluate event by event");
        }
        KqlNode kql;
        try {
            kql = KqlParser.parse(query == null || query.isBlank() ? "*" : query);
        } catch (KqlSyntaxException e) {
            return List.of("the query does not parse: " + e.getMessage());
        }
        Instant from = instant(rule.common().effectiveFrom());
        Instant to = instant(rule.common().effectiveTo());
        String timeField = rule.common().timestampOverride();
        List<String> why = new ArrayList<>();
        List<Integer> matching = new ArrayList<>();
        for (int n = 0; n < testCase.events().size(); n++) {
            TestCase.SourceEvent event = testCase.events().get(n);
            String prefix = eventPrefix(n);
            String outside = outside(n, indexPatterns, from, to, timeField);
            if (outside != null) {
                why.add(prefix + outside);
                continue;
            }
            KqlEvaluator evaluator = new KqlEvaluator(fields(event.index()), execution.clock());
            KqlNode failing = firstFalse(kql, event.document(), evaluator);
            if (failing != null) {
                why.add(prefix + "excluded by " + clause(query, failing) + valuesOf(query, failing, event.document()));
                continue;
            }
            matching.add(n);
            why.add(prefix + "matches the query");
        }
        if (type instanceof TypeFields.NewTermsFields newTerms) {
            why.addAll(alreadySeen(newTerms, matching, from, timeField, kql));
        } else if (type instanceof TypeFields.ThresholdFields threshold) {
            why.addAll(groups(threshold.threshold(), matching));
        }
        return why;
    }

    /** "file:line: event n {fields that tell it apart}: ", the start of every line about the n-th event. */
    String eventPrefix(int n) {
        return at(lines.event(n)) + "event " + (n + 1) + space(brief(testCase.events().get(n).document())) + ": ";
    }

    /** "event n (file:line)", naming the n-th event inside a line about something else. */
    String eventName(int n) {
        return "event " + (n + 1) + (lines.event(n).isEmpty() ? "" : " (" + lines.event(n) + ")");
    }

    /** Why the n-th event is outside the rule's indices or window (on {@code timeField}, else @timestamp); or null. */
    String outside(int n, List<String> indexPatterns, Instant from, Instant to, String timeField) {
        TestCase.SourceEvent event = testCase.events().get(n);
        if (indexPatterns != null && indexPatterns.stream().noneMatch(p -> glob(p, event.index()))) {
            return "its index " + event.index() + " is not among the rule's " + indexPatterns;
        }
        Instant time = time(event.document(), timeField);
        if (time == null || time.isBefore(from) || !time.isBefore(to)) {
            return "its time " + time + " is outside the rule's window " + from + " to " + to
                    + (timeField == null ? "" : " (on " + timeField + ", else @timestamp)");
        }
        return null;
    }

    /**
     * New terms: for each matching event in the window, an earlier event with the same combination inside the history
     * window (Kibana's new_terms executor drops those).
     */
    private List<String> alreadySeen(TypeFields.NewTermsFields rule, List<Integer> inWindow, Instant windowStart,
            String timeField, KqlNode kql) throws IOException {
        List<String> fields = rule.newTerms().value();
        Instant historyStart = rule.newTerms().historyWindowStart().isEmpty() ? windowStart
                : instant(rule.newTerms().historyWindowStart().get(0).value());
        List<String> why = new ArrayList<>();
        for (int n : inWindow) {
            ObjectNode document = testCase.events().get(n).document();
            List<List<JsonNode>> combination = new ArrayList<>();
            for (String field : fields) {
                combination.add(DocumentValues.leaves(document, field));
            }
            String label = at(lines.event(n)) + "event " + (n + 1) + ": ";
            int lacking = combination.indexOf(List.of());
            if (lacking >= 0) {
                why.add(label + "lacks the new terms field " + fields.get(lacking) + ", so it makes no combination");
                continue;
            }
            for (int m = 0; m < testCase.events().size(); m++) {
                TestCase.SourceEvent earlier = testCase.events().get(m);
                Instant time = time(earlier.document(), timeField);
                if (m == n || time == null || time.isBefore(historyStart) || !time.isBefore(windowStart)) {
                    continue;
                }
                boolean same = true;
                for (int f = 0; f < fields.size() && same; f++) {
                    same = Objects.equals(new LinkedHashSet<>(DocumentValues.leaves(earlier.document(), fields.get(f))),
                            new LinkedHashSet<>(combination.get(f)));
                }
                KqlEvaluator evaluator = new KqlEvaluator(fields(earlier.index()), execution.clock());
                if (same && evaluator.matches(kql, earlier.document())) {
                    why.add(label + "this combination " + values(combination) + " of " + fields + " was already seen at "
                            + time + " in the history window (event " + (m + 1)
                            + (lines.event(m).isEmpty() ? "" : ", " + lines.event(m)) + ")");
                    break;
                }
            }
        }
        return why;
    }

    /** Threshold: each group of matching events against the threshold. */
    private List<String> groups(TypeFields.Threshold threshold, List<Integer> matching) {
        Map<List<List<JsonNode>>, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int n : matching) {
            List<List<JsonNode>> key = new ArrayList<>();
            for (String field : threshold.field()) {
                key.add(DocumentValues.leaves(testCase.events().get(n).document(), field));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
        List<String> why = new ArrayList<>();
        groups.forEach((key, events) -> {
            boolean reached = events.size() >= threshold.value();
            StringBuilder line = new StringBuilder("threshold group ").append(threshold.field().isEmpty()
                    ? "(all events)" : threshold.field() + " = " + values(key)).append(": ").append(events.size())
                    .append(events.size() == 1 ? " event" : " events").append(" (")
                    .append(String.join(", ", events.stream().map(this::eventName).toList()))
                    .append("), the threshold is ").append(threshold.value());
            for (TypeFields.Cardinality cardinality : threshold.cardinality()) {
                // Kibana's threshold aggregation keeps a group only when each cardinality is reached too
                Set<JsonNode> distinct = new LinkedHashSet<>();
                events.forEach(n -> distinct.addAll(DocumentValues.leaves(testCase.events().get(n).document(),
                        cardinality.field())));
                boolean enough = distinct.size() >= cardinality.value();
                reached &= enough;
                line.append("; ").append(distinct.size()).append(" distinct ").append(cardinality.field())
                        .append(" ").append(distinct).append(", at least ").append(cardinality.value())
                        .append(" needed");
            }
            why.add(line.append(reached ? " (reached)" : " (not reached)").toString());
        });
        if (groups.isEmpty()) {
            why.add("threshold: no event matches the query in the window, so no group reaches " + threshold.value());
        }
        return why;
    }

    /** ES|QL: the query cut after each pipe, run in the rule's window; the rows each stage leaves. */
    private List<String> esqlStages(Rule rule, String query) throws IOException {
        List<EsqlCommand> commands = EsqlPipeline.parse(query).commands();
        TimeRange window = new TimeRange(instant(rule.common().effectiveFrom()), instant(rule.common().effectiveTo()),
                rule.common().timestampOverride());
        List<String> why = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        for (EsqlCommand command : commands) {
            prefix.append(prefix.length() == 0 ? "" : "\n| ").append(command.name()).append(' ').append(command.body());
            ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
            body.put("query", prefix + "\n| LIMIT 10000");
            body.set("filter", window.filter());
            String stage = "after " + fold(command.name() + " " + command.body()) + ": ";
            try {
                int rows = execution.elasticsearch().send("POST", "/_query?format=json", body).path("values").size();
                why.add(stage + rows + " row" + (rows == 1 ? "" : "s"));
                if (rows == 0) {
                    break; // the first command that leaves nothing is the answer
                }
            } catch (ElasticsearchJson.RequestFailed e) {
                why.add(stage + "the query cut here does not run (" + e.getMessage() + ")");
                break;
            }
        }
        return why;
    }

    /**
     * The clause that makes {@code node} false for the document: inside an {@code and}, the first false child, looked
     * into in turn; an {@code or}, a {@code not}, a nested query or a single term is itself the clause.
     */
    private static KqlNode firstFalse(KqlNode node, JsonNode document, KqlEvaluator evaluator) {
        if (evaluator.matches(node, document)) {
            return null;
        }
        if (node instanceof KqlNode.And and) {
            for (KqlNode child : and.children()) {
                KqlNode failing = firstFalse(child, document, evaluator);
                if (failing != null) {
                    return failing;
                }
            }
        }
        return node;
    }

    private static String clause(String query, KqlNode node) {
        int start = node.span().start().offset();
        int end = Math.min(node.span().end().offset(), query.length());
        String text = start < end ? query.substring(start, end) : node.toString();
        return "`" + fold(text.replaceAll("\\s+", " ")) + "` (query line " + node.span().start().line() + ")";
    }

    /** What the event holds in the field of a failing term, so the reader sees the value that did not match. */
    private static String valuesOf(String query, KqlNode node, JsonNode document) {
        KqlNode.Span span = node instanceof KqlNode.Is is ? is.fieldSpan()
                : node instanceof KqlNode.Range range ? range.fieldSpan() : null;
        if (span == null || span.end().offset() > query.length()) {
            return "";
        }
        String field = query.substring(span.start().offset(), span.end().offset()).replace("\"", "").strip();
        if (field.isEmpty() || field.contains("*")) {
            return "";
        }
        List<JsonNode> values = DocumentValues.leaves(document, field);
        return values.isEmpty() ? "; the event has no " + field
                : "; the event has " + field + " = " + (values.size() == 1 ? values.get(0) : values);
    }

    private FieldMap fields(String index) throws IOException {
        FieldMap known = fieldsByIndex.get(index);
        if (known == null) {
            JsonNode mappings = execution.elasticsearch().send("GET", "/" + index
                    + "/_mapping?ignore_unavailable=true&allow_no_indices=true", null);
            known = FieldMap.EMPTY;
            for (Map.Entry<String, JsonNode> entry : mappings.properties()) {
                known = known.merge(FieldMap.fromMapping(entry.getValue().path("mappings")));
            }
            fieldsByIndex.put(index, known);
        }
        return known;
    }

    private Instant instant(String dateMath) {
        try {
            return DateMath.parse(dateMath).resolve(execution.clock());
        } catch (DateMathException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    static Instant time(JsonNode document, String override) {
        List<JsonNode> values = override == null ? List.of() : DocumentValues.leaves(document, override);
        if (values.isEmpty()) {
            values = DocumentValues.leaves(document, "@timestamp");
        }
        try {
            return values.isEmpty() ? null : Instant.parse(values.get(0).asString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static boolean glob(String pattern, String index) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(index).matches();
    }

    private static String values(List<List<JsonNode>> combination) {
        List<String> each = new ArrayList<>();
        combination.forEach(v -> each.add(v.size() == 1 ? v.get(0).toString() : v.toString()));
        return "(" + String.join(", ", each) + ")";
    }

    /**
     * The fields that tell an event from the case's other events (its line in the fixture names it too): those whose
     * values differ between them, up to three; nothing for a case of one event.
     */
    private String brief(ObjectNode document) {
        if (testCase.events().size() < 2) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        int shown = 0;
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            boolean varies = testCase.events().stream()
                    .anyMatch(e -> !field.getValue().equals(e.document().get(field.getKey())));
            if (!varies || field.getKey().equals("event.ingested")) {
                continue;
            }
            if (shown++ == 3) {
                text.append(", …");
                break;
            }
            text.append(shown > 1 ? ", " : "").append(field.getKey()).append('=').append(field.getValue());
        }
        return shown == 0 ? "" : text.append('}').toString();
    }

    private static String space(String text) {
        return text.isEmpty() ? "" : " " + text;
    }

    private static String at(String line) {
        return line.isEmpty() ? "" : line + ": ";
    }

    /** Long text cut to one readable line; the whole query is in the report with --verbose. */
    static String fold(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
