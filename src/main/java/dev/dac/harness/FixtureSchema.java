package dev.dac.harness;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.path.NodePath;
import dev.dac.load.JsonSchemas;
import dev.dac.load.ParsedRuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Checks a fixture file's structure against {@code schemas/fixture.schema.json}, so a misspelt key
 * ({@code [[case.expect.alerts]]}, {@code execute_att}) is an error with its line instead of being ignored, which
 * would let a wrong expectation pass.
 */
final class FixtureSchema {

    private static final String FILE = "fixture.schema.json";

    private final Schema schema = JsonSchemas.load(FILE);
    private final JsonNode schemaDocument = schemaDocument();

    /** A problem at a place in the document: its JSON pointer and what is wrong. */
    record Violation(String pointer, String message) {}

    /** Every violation of the file, in line order, each field and kind once. */
    List<Violation> check(ParsedRuleFile parsed) {
        Map<String, Violation> unique = new LinkedHashMap<>();
        for (Error error : schema.validate(parsed.document())) {
            describe(error).ifPresent(v -> unique.putIfAbsent(v.pointer() + "|" + v.message(), v));
        }
        List<Violation> violations = new ArrayList<>(unique.values());
        violations.sort(Comparator.comparing(v -> parsed.lines().lineOf(v.pointer()).orElse(0)));
        return violations;
    }

    private Optional<Violation> describe(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String pointer = pointer(error.getInstanceLocation());
        String key = key(pointer);
        JsonNode limit = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        // an unknown key is reported on its own line, not on its table's
        String at = keyword.equals("additionalProperties")
                ? pointer + "/" + error.getProperty().replace("~", "~0").replace("/", "~1") : pointer;
        String message = switch (keyword) {
            case "additionalProperties" -> "unknown key '" + error.getProperty() + "' in " + table(pointer)
                    + ClosestKey.among(error.getProperty(), knownKeys(error)).map(k -> "; did you mean '" + k + "'?")
                            .orElse("; the keys allowed there are " + String.join(", ", knownKeys(error)));
            case "required" -> "missing " + required(error.getProperty()) + " in " + table(pointer);
            case "type" -> "'" + key + "' must be " + typeName(limit.asString()) + ", not " + kindOf(value);
            case "minimum" -> "'" + key + "' is " + value + "; it must be at least " + limit.asString();
            case "maximum" -> "'" + key + "' is " + value + "; it must be at most " + limit.asString();
            case "minItems" -> key.equals("case") ? "the file holds no [[case]]"
                    : key.equals("expect") ? "the case expects nothing; add [[case.expect]] with count = 0 if no"
                            + " alert is the point"
                    : "'" + key + "' is empty; list at least one";
            case "minLength", "pattern" -> key.equals("every") ? "'every' is " + value + "; write a schedule"
                    + " interval such as 5m (digits, then s, m, h or d)" : "'" + key + "' is empty; give it a value";
            case "$ref", "allOf", "if", "then", "else" -> null;
            default -> "'" + key + "': " + error.getMessage();
        };
        return Optional.ofNullable(message).map(m -> new Violation(at, m));
    }

    /** The keys the schema allows beside an unknown one, read from the schema next to the failing keyword. */
    private List<String> knownKeys(Error error) {
        SchemaLocation location = error.getSchemaLocation();
        String fragment = location == null ? "" : location.getFragment().toString();
        String parent = fragment.substring(0, Math.max(0, fragment.lastIndexOf('/')));
        List<String> keys = new ArrayList<>();
        schemaDocument.at(parent).path("properties").propertyNames().forEach(keys::add);
        return keys;
    }

    private static String required(String key) {
        return switch (key) {
            case "name" -> "name = \"...\" (what the case shows)";
            case "expect" -> "[[case.expect]] (with count = 0 if no alert is the point)";
            case "count" -> "count = <number of alerts>";
            case "case" -> "[[case]] (the file holds no case)";
            default -> "key '" + key + "'";
        };
    }

    /** {@code /case/0/expect/1} as {@code [[case.expect]]}; the line number tells which one. */
    static String table(String pointer) {
        if (pointer.isEmpty()) {
            return "the file";
        }
        StringBuilder name = new StringBuilder();
        boolean arrayItem = false;
        for (String part : pointer.substring(1).split("/", -1)) {
            arrayItem = !part.isEmpty() && part.chars().allMatch(Character::isDigit);
            if (!arrayItem) {
                name.append(name.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return arrayItem ? "[[" + name + "]]" : "[" + name + "]";
    }

    private static String key(String pointer) {
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        return last.replace("~1", "/").replace("~0", "~");
    }

    private static String pointer(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a table";
            case "array" -> "an array";
            case "integer" -> "a whole number";
            default -> "a " + jsonType;
        };
    }

    private static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a table";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isIntegralNumber() ? "an integer" : value.isNumber() ? "a float" : "a string";
    }

    private static JsonNode schemaDocument() {
        try (InputStream in = FixtureSchema.class.getClassLoader().getResourceAsStream("schemas/" + FILE)) {
            return in == null ? MissingNode.getInstance() : new ObjectMapper().readTree(in);
        } catch (IOException | JacksonException e) {
            return MissingNode.getInstance();
        }
    }
}
