package dev.dac.harness;

import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import dev.dac.load.LoadProblem;
import dev.dac.load.ParsedRuleFile;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleLoadException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads fixture files ({@code fixtures/*.toml}). A file names the rule it is about and holds cases; times are written
 * relative to the execution ({@code now-2m}, {@code now-3d}) so cases never go stale. See fixtures/README.md.
 */
public final class FixtureReader {

    /** Where the cases run by default: a fixed instant, so every run sees the same data. */
    public static final Instant DEFAULT_EXECUTION = Instant.parse("2026-04-10T12:00:00Z");
    static final String DEFAULT_EVENT_INDEX = "logs-aws.cloudtrail-default";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern CASE_POINTER = Pattern.compile("/case/(\\d+)(/|$)");
    private final RuleFileParser parser = new RuleFileParser();
    private final FixtureSchema schema = new FixtureSchema();

    /** A fixture file that cannot be used: every problem found in it, each with the file, line and fix. */
    public static final class FixtureException extends Exception {
        private final List<String> problems;

        public FixtureException(String message) {
            this(List.of(message));
        }

        public FixtureException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * The cases of a fixture file. The file is read only if it is a regular file of sensible size; its structure is
     * checked against {@code schemas/fixture.schema.json} first, then every case is read, and all problems of the
     * file are thrown together.
     */
    public List<TestCase> read(Path file) throws FixtureException {
        ParsedRuleFile parsed;
        try {
            parsed = parser.parse(file);
        } catch (RuleLoadException e) {
            throw new FixtureException(describe(e.problem()));
        }
        List<String> problems = new ArrayList<>();
        List<FixtureSchema.Violation> violations = schema.check(parsed);
        for (FixtureSchema.Violation violation : violations) {
            problems.add(at(parsed, violation.pointer()) + caseLabel(parsed.document(), violation.pointer())
                    + violation.message());
        }
        JsonNode root = parsed.document();
        Defaults defaults = new Defaults(root.path("fixture").path("rule").asString(null),
                table(root, "event_defaults"), table(root, "alert_defaults"));
        List<TestCase> cases = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("case").isArray() ? root.path("case") : JSON.arrayNode()) {
            String pointer = "/case/" + index++;
            if (violations.stream().anyMatch(v -> (v.pointer() + "/").startsWith(pointer + "/"))) {
                continue; // the times and rules of a case are read only once its shape is right
            }
            int before = problems.size();
            TestCase testCase = readCase(file, node, defaults, new Where(parsed, pointer, caseLabel(root, pointer),
                    problems));
            if (testCase != null && problems.size() == before) {
                cases.add(testCase);
            }
        }
        if (!problems.isEmpty()) {
            // a repeated event with a bad time is one problem, not one per copy
            throw new FixtureException(new ArrayList<>(new LinkedHashSet<>(problems)));
        }
        return cases;
    }

    /** What the file sets for all its cases: the rule they run, and fields of every event and alert. */
    private record Defaults(String rule, ObjectNode event, ObjectNode alert) {}

    /** One case of the right shape; problems with its times or rules go to {@code where} (null when none run). */
    private TestCase readCase(Path file, JsonNode node, Defaults defaults, Where where) {
        String pointer = where.pointer();
        Instant at = node.has("execute_at")
                ? where.time(pointer + "/execute_at", () -> instant(node.path("execute_at").asString()))
                : DEFAULT_EXECUTION;
        if (at == null) {
            at = DEFAULT_EXECUTION; // reported; the rest of the case is still checked
        }
        List<String> rules = new ArrayList<>();
        node.path("rules").forEach(r -> rules.add(r.asString()));
        if (rules.isEmpty()) {
            if (defaults.rule() == null) {
                where.problem(pointer, "names no rules to run; set rules = [...] in the case or rule = \"...\""
                        + " in [fixture]");
                return null;
            }
            rules.add(defaults.rule());
        }
        List<TestCase.SourceEvent> events = new ArrayList<>();
        int e = 0;
        for (JsonNode event : node.path("event")) {
            for (JsonNode copy : repeated(event)) {
                events.add(event(copy, defaults.event(), at, where.inside(pointer + "/event/" + e)));
            }
            e++;
        }
        List<ObjectNode> alerts = new ArrayList<>();
        int a = 0;
        for (JsonNode alert : node.path("alert")) {
            for (JsonNode copy : repeated(alert)) {
                ObjectNode document = document(copy, defaults.alert(), at, where.inside(pointer + "/alert/" + a),
                        Map.of("at", "@timestamp", "ingested", "event.ingested"));
                if (!document.has("event.ingested") && document.has("@timestamp") && !lacksIngested(copy)) {
                    document.set("event.ingested", document.get("@timestamp"));
                }
                alerts.add(document);
            }
            a++;
        }
        List<TestCase.Expectation> expectations = new ArrayList<>();
        int x = 0;
        for (JsonNode expect : node.path("expect")) {
            String rule = expect.path("rule").asString(rules.get(rules.size() - 1));
            List<ObjectNode> expected = new ArrayList<>();
            int y = 0;
            for (JsonNode alert : expect.path("alert")) {
                expected.add(expectedAlert(alert, at, where.inside(pointer + "/expect/" + x + "/alert/" + y++)));
            }
            Instant expectAt = optionalTime(expect, "at", at, where.inside(pointer + "/expect/" + x));
            expectations.add(new TestCase.Expectation(rule, expect.path("count").asInt(), expected, expectAt,
                    expect.has("duplicates") ? expect.path("duplicates").asInt() : null,
                    expect.path("gap").asString(null)));
            x++;
        }
        return new TestCase(file, node.path("name").asString(), at, rules, events, alerts, expectations,
                timeline(node, at, rules, where));
    }

    /**
     * The case's executions: {@code [case.schedule]} and {@code [[case.execution]]}, times relative to the case's
     * execution time; a rule an execution names must be one the case runs.
     */
    private Timeline timeline(JsonNode node, Instant at, List<String> rules, Where where) {
        List<Timeline.Run> runs = new ArrayList<>();
        int r = 0;
        for (JsonNode run : node.path("execution")) {
            Where here = where.inside(where.pointer() + "/execution/" + r++);
            Instant when = optionalTime(run, "at", at, here);
            String rule = run.path("rule").asString(null);
            if (rule != null && !rules.contains(rule)) {
                here.problem(here.field("rule"), "runs rule " + rule + ", which the case does not run; add it to"
                        + " rules = [...]");
            }
            if (when != null) {
                runs.add(new Timeline.Run(when, rule));
            }
        }
        Optional<Timeline.Schedule> schedule = Optional.empty();
        JsonNode plan = node.path("schedule");
        if (plan.isObject()) {
            Where here = where.inside(where.pointer() + "/schedule");
            Instant start = optionalTime(plan, "start", at, here);
            Instant end = optionalTime(plan, "end", at, here);
            Duration every = plan.has("every") ? every(plan.path("every").asString()) : null;
            if (start != null && end != null && end.isBefore(start)) {
                here.problem(here.field("end"), "the schedule ends (" + end + ") before it starts (" + start
                        + "); make end later than start");
            } else if (start != null && end != null) {
                schedule = Optional.of(new Timeline.Schedule(start, end, every));
            }
        }
        return new Timeline(runs, schedule);
    }

    /** {@code 5m} as a duration (the schema checked its form). */
    private static Duration every(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The time under {@code key} of {@code node}, relative to {@code at}; null when absent or reported as wrong. */
    private static Instant optionalTime(JsonNode node, String key, Instant at, Where where) {
        if (!node.has(key)) {
            return null;
        }
        return where.time(where.field(key), () -> relative(node.path(key).asString(), at));
    }

    /** {@code case "name": } for a place inside a named case, so a problem says which case it is about. */
    private static String caseLabel(JsonNode root, String pointer) {
        Matcher inCase = CASE_POINTER.matcher(pointer);
        if (!inCase.lookingAt()) {
            return "";
        }
        JsonNode name = root.path("case").path(Integer.parseInt(inCase.group(1))).path("name");
        return name.isString() && !name.asString().isBlank() ? "case \"" + name.asString() + "\": " : "";
    }

    /** "file:line: " for a place in the file, as validate names places. */
    private static String at(ParsedRuleFile parsed, String pointer) {
        return parsed.path() + parsed.lines().lineOf(pointer).map(line -> ":" + line).orElse("") + ": ";
    }

    private static String describe(LoadProblem problem) {
        return problem.path() + (problem.line() > 0 ? ":" + problem.line() : "") + ": " + problem.message()
                + (problem.column() > 0 ? " (column " + problem.column() + ")" : "");
    }

    /** Where in a case the reading is, so each problem names the file, the line and the case. */
    private record Where(ParsedRuleFile parsed, String pointer, String label, List<String> problems) {

        Where inside(String child) {
            return new Where(parsed, child, label, problems);
        }

        void problem(String at, String message) {
            problems.add(FixtureReader.at(parsed, at) + label + message);
        }

        /** The time read by {@code reading}, or null after reporting why it is not one. */
        Instant time(String at, TimeReading reading) {
            try {
                return reading.read();
            } catch (FixtureException e) {
                problem(at, e.getMessage());
                return null;
            }
        }

        String field(String key) {
            return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        }
    }

    private interface TimeReading {
        Instant read() throws FixtureException;
    }

    private static ObjectNode table(JsonNode root, String name) {
        return root.path(name).isObject() ? (ObjectNode) root.path(name) : JSON.objectNode();
    }

    /**
     * {@code repeat = N} stands for N copies of an event or alert, with {@code {n}} in its text values replaced by
     * 0..N-1, for cases that need many documents (max_signals, say).
     */
    private static List<JsonNode> repeated(JsonNode node) {
        if (!node.has("repeat")) {
            return List.of(node);
        }
        int times = node.path("repeat").asInt(); // 1 to 100000, as the schema checked
        List<JsonNode> copies = new ArrayList<>();
        for (int n = 0; n < times; n++) {
            ObjectNode copy = JSON.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("repeat")) {
                    continue;
                }
                JsonNode value = field.getValue();
                copy.set(field.getKey(), value.isString()
                        ? JSON.stringNode(value.asString().replace("{n}", String.valueOf(n))) : value);
            }
            copies.add(copy);
        }
        return copies;
    }

    /** {@code ingested = false}: the document has no event.ingested (not even the default, its @timestamp). */
    private static boolean lacksIngested(JsonNode node) {
        return node.path("ingested").isBoolean() && !node.path("ingested").asBoolean();
    }

    private TestCase.SourceEvent event(JsonNode event, ObjectNode defaults, Instant at, Where where) {
        String index = event.path("_index").asString(DEFAULT_EVENT_INDEX);
        ObjectNode document = document(event, defaults, at, where, Map.of("at", "@timestamp", "ingested",
                "event.ingested"));
        document.remove("_index");
        if (!document.has("event.ingested") && document.has("@timestamp") && !lacksIngested(event)) {
            document.set("event.ingested", document.get("@timestamp"));
        }
        // an event arrives when it is ingested (else when it happens); executions before that do not see it
        Instant arrives = quietTime(event.has("ingested") ? event.path("ingested") : event.path("at"), at);
        return new TestCase.SourceEvent(index, document, arrives);
    }

    /**
     * The fields an expected alert must carry. Values are compared as written, so {@code "now-6m"} (a rule's from,
     * say) stays text; a value written {@code { time = "now-2m" }} is a time, resolved against the execution (an ISO
     * instant works too) and compared as an instant.
     */
    private ObjectNode expectedAlert(JsonNode node, Instant at, Where where) {
        ObjectNode expected = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (!(value.isObject() && value.size() == 1 && value.path("time").isString())) {
                expected.set(field.getKey(), value);
                continue;
            }
            Instant time = where.time(where.field(field.getKey()), () -> relative(value.path("time").asString(), at));
            if (time != null) {
                expected.put(field.getKey(), time.toString());
            }
        }
        return expected;
    }

    /**
     * Defaults, then the node's fields; {@code at}-style keys become timestamps relative to the execution. A time
     * that cannot be read is reported through {@code where} and left out; {@code ingested = false} leaves the
     * document without event.ingested.
     */
    private ObjectNode document(JsonNode node, ObjectNode defaults, Instant at, Where where,
            Map<String, String> timeKeys) {
        ObjectNode document = defaults.deepCopy();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String text = field.getValue().asString("");
            String target = timeKeys.get(field.getKey());
            if (target != null && field.getValue().isBoolean() && !field.getValue().asBoolean()) {
                document.remove(target);
                continue;
            }
            if (target == null && field.getValue().isString() && text.startsWith("now")
                    && DateMath.tryParse(text).isPresent()) {
                target = field.getKey();
            }
            if (target == null) {
                document.set(field.getKey(), field.getValue());
                continue;
            }
            Instant time = where.time(where.field(field.getKey()), () -> relative(text, at));
            if (time != null) {
                document.put(target, time.toString());
            }
        }
        return document;
    }

    /** A time already reported if wrong, or null. */
    private static Instant quietTime(JsonNode value, Instant at) {
        if (!value.isString()) {
            return null;
        }
        try {
            return relative(value.asString(), at);
        } catch (FixtureException e) {
            return null;
        }
    }

    /** A time of a fixture: {@code now}, {@code now-<n><unit>} before the execution, or an ISO instant. */
    private static Instant relative(String expression, Instant at) throws FixtureException {
        if (expression.startsWith("now")) {
            try {
                return DateMath.parse(expression).resolve(Clock.fixed(at, ZoneOffset.UTC));
            } catch (DateMathException e) {
                throw new FixtureException("'" + expression + "' is not a time: " + e.getMessage()
                        + "; write now, now-<n><unit> (date math) or an ISO instant");
            }
        }
        return instant(expression);
    }

    private static Instant instant(String text) throws FixtureException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FixtureException("'" + text + "' is not a time; write an ISO instant such as"
                    + " 2026-04-10T12:00:00Z or now-<n><unit>");
        }
    }
}
