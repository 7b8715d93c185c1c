package dev.dac.harness;

import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads fixture files ({@code fixtures/*.toml}). A file names the rule it is about and holds cases; times are written
 * relative to the execution ({@code now-2m}, {@code now-3d}) so cases never go stale. See fixtures/README.md.
 */
public final class FixtureReader {

    /** Where the cases run by default: a fixed instant, so every run sees the same data. */
    public static final Instant DEFAULT_EXECUTION = Instant.parse("2026-04-10T12:00:00Z");
    static final String DEFAULT_EVENT_INDEX = "logs-aws.cloudtrail-default";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final TomlMapper toml = TomlMapper.builder().build();

    /** A fixture file that cannot be used, with what is wrong and where. */
    public static final class FixtureException extends Exception {
        public FixtureException(String message) {
            super(message);
        }
    }

    public List<TestCase> read(Path file) throws FixtureException {
        JsonNode root;
        try {
            root = toml.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new FixtureException(file + ": malformed TOML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FixtureException(file + ": cannot be read: " + e.getMessage());
        }
        String defaultRule = root.path("fixture").path("rule").asString(null);
        ObjectNode defaults = table(root, "event_defaults");
        ObjectNode alertDefaults = table(root, "alert_defaults");
        List<TestCase> cases = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("case")) {
            index++;
            String where = file + ": case " + index;
            String name = node.path("name").asString(null);
            if (name == null || name.isBlank()) {
                throw new FixtureException(where + " has no name; add name = \"...\" to the [[case]]");
            }
            where = file + ": case \"" + name + "\"";
            Instant at = node.has("execute_at") ? instant(node.path("execute_at").asString(), where)
                    : DEFAULT_EXECUTION;
            List<String> rules = new ArrayList<>();
            node.path("rules").forEach(r -> rules.add(r.asString()));
            if (rules.isEmpty()) {
                if (defaultRule == null) {
                    throw new FixtureException(where + " names no rules to run; set rules = [...] or [fixture] rule");
                }
                rules.add(defaultRule);
            }
            List<TestCase.SourceEvent> events = new ArrayList<>();
            for (JsonNode event : node.path("event")) {
                for (JsonNode copy : repeated(event, where)) {
                    events.add(event(copy, defaults, at, where));
                }
            }
            List<ObjectNode> alerts = new ArrayList<>();
            for (JsonNode alert : node.path("alert")) {
                for (JsonNode copy : repeated(alert, where)) {
                    ObjectNode document = document(copy, alertDefaults, at, where, Map.of("at", "@timestamp",
                            "ingested", "event.ingested"));
                    if (!document.has("event.ingested") && document.has("@timestamp")) {
                        document.set("event.ingested", document.get("@timestamp"));
                    }
                    alerts.add(document);
                }
            }
            List<TestCase.Expectation> expectations = new ArrayList<>();
            for (JsonNode expect : node.path("expect")) {
                String rule = expect.path("rule").asString(rules.get(rules.size() - 1));
                if (!expect.path("count").isIntegralNumber()) {
                    throw new FixtureException(where + ": every [[case.expect]] needs count = <number of alerts>");
                }
                List<ObjectNode> expected = new ArrayList<>();
                for (JsonNode alert : expect.path("alert")) {
                    expected.add(document(alert, JSON.objectNode(), at, where, Map.of()));
                }
                expectations.add(new TestCase.Expectation(rule, expect.path("count").asInt(), expected));
            }
            if (expectations.isEmpty()) {
                throw new FixtureException(where + " expects nothing; add [[case.expect]] with count = 0 if no alert"
                        + " is the point");
            }
            cases.add(new TestCase(file, name, at, rules, events, alerts, expectations));
        }
        if (cases.isEmpty()) {
            throw new FixtureException(file + " holds no [[case]]");
        }
        return cases;
    }

    private static ObjectNode table(JsonNode root, String name) {
        return root.path(name).isObject() ? (ObjectNode) root.path(name) : JSON.objectNode();
    }

    /**
     * {@code repeat = N} stands for N copies of an event or alert, with {@code {n}} in its text values replaced by
     * 0..N-1, for cases that need many documents (max_signals, say).
     */
    private static List<JsonNode> repeated(JsonNode node, String where) throws FixtureException {
        if (!node.has("repeat")) {
            return List.of(node);
        }
        int times = node.path("repeat").asInt(-1);
        if (times < 1 || times > 100_000) {
            throw new FixtureException(where + ": repeat must be a whole number from 1 to 100000");
        }
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

    private TestCase.SourceEvent event(JsonNode event, ObjectNode defaults, Instant at, String where)
            throws FixtureException {
        String index = event.path("_index").asString(DEFAULT_EVENT_INDEX);
        ObjectNode document = document(event, defaults, at, where, Map.of("at", "@timestamp", "ingested",
                "event.ingested"));
        document.remove("_index");
        if (!document.has("event.ingested") && document.has("@timestamp")) {
            document.set("event.ingested", document.get("@timestamp"));
        }
        return new TestCase.SourceEvent(index, document);
    }

    /** Defaults, then the node's fields; {@code at}-style keys become timestamps relative to the execution. */
    private ObjectNode document(JsonNode node, ObjectNode defaults, Instant at, String where,
            Map<String, String> timeKeys) throws FixtureException {
        ObjectNode document = defaults.deepCopy();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String target = timeKeys.get(field.getKey());
            if (target != null) {
                document.put(target, relative(field.getValue().asString(), at, where).toString());
            } else if (field.getValue().isString() && field.getValue().asString().startsWith("now")
                    && DateMath.tryParse(field.getValue().asString()).isPresent()) {
                document.put(field.getKey(), relative(field.getValue().asString(), at, where).toString());
            } else {
                document.set(field.getKey(), field.getValue());
            }
        }
        return document;
    }

    private static Instant relative(String expression, Instant at, String where) throws FixtureException {
        if (expression.startsWith("now")) {
            try {
                return DateMath.parse(expression).resolve(Clock.fixed(at, ZoneOffset.UTC));
            } catch (DateMathException e) {
                throw new FixtureException(where + ": " + e.getMessage());
            }
        }
        return instant(expression, where);
    }

    private static Instant instant(String text, String where) throws FixtureException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FixtureException(where + ": '" + text + "' is not a time; write an ISO instant such as"
                    + " 2026-04-10T12:00:00Z or now-<n><unit>");
        }
    }
}
