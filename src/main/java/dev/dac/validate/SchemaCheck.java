package dev.dac.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.path.NodePath;
import dev.dac.load.JsonSchemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Validates rule documents against the JSON Schemas in {@code schemas/} (shipped in the jar) and words each
 * violation for a rule author: the field as a dotted TOML path, what was found, what is expected.
 */
public final class SchemaCheck {

    static final String SCHEMA_BASE = JsonSchemas.BASE;

    private final Schema schema = JsonSchemas.load("rule-file.schema.json");

    public List<Finding> check(RuleUnderCheck rule) {
        List<Error> errors = schema.validate(rule.parsed().document());
        // one finding per field and kind of problem: if/then branches can report the same fault twice
        Map<String, Finding> unique = new LinkedHashMap<>();
        for (Error error : errors) {
            SchemaFinding described = describe(error, rule.parsed().document());
            if (described == null) {
                continue;
            }
            Finding finding = rule.findingAt(described.check(), described.pointer(), described.message());
            unique.putIfAbsent(described.pointer() + "|" + finding.message(), finding);
        }
        List<Finding> findings = new ArrayList<>(unique.values());
        findings.sort(Comparator.comparing((Finding f) -> f.line() == null ? 0 : f.line()));
        return findings;
    }

    record SchemaFinding(Check check, String pointer, String message) {}

    static SchemaFinding describe(Error error, JsonNode document) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String pointer = pointer(error.getInstanceLocation());
        String field = dotted(pointer);
        JsonNode schemaNode = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        return switch (keyword) {
            case "required" -> {
                String missing = error.getProperty();
                String child = pointer + "/" + missing;
                yield new SchemaFinding(Check.MISSING_FIELD, pointer,
                        "missing required field '" + dotted(child) + "'" + tableHint(pointer, missing));
            }
            case "additionalProperties" -> {
                String extra = error.getProperty();
                String child = pointer + "/" + extra;
                yield new SchemaFinding(Check.UNKNOWN_FIELD, child,
                        "unknown field '" + dotted(child) + "'; " + (pointer.isEmpty()
                                ? "a rule file has only [metadata], [rule] and [transform]"
                                : "check the spelling against schemas/ or remove it"));
            }
            case "false" -> new SchemaFinding(Check.UNKNOWN_FIELD, pointer,
                    "field '" + field + "' is not allowed for a rule of type '"
                            + document.path("rule").path("type").asString("?") + "'; remove it");
            case "type" -> new SchemaFinding(Check.WRONG_TYPE, pointer,
                    "'" + field + "' must be " + article(typeName(schemaNode)) + ", not " + article(kindOf(value)));
            case "enum" -> new SchemaFinding(Check.INVALID_VALUE, pointer,
                    "'" + field + "' is " + show(value) + "; expected one of " + listValues(schemaNode));
            case "const" -> new SchemaFinding(Check.INVALID_VALUE, pointer,
                    "'" + field + "' is " + show(value) + "; expected " + show(schemaNode));
            case "pattern", "format" -> new SchemaFinding(Check.INVALID_VALUE, pointer,
                    "'" + field + "' is " + show(value) + "; expected " + expected(error));
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> new SchemaFinding(Check.OUT_OF_RANGE,
                    pointer, "'" + field + "' is " + show(value) + "; " + bound(keyword, schemaNode));
            case "minItems", "maxItems" -> new SchemaFinding(Check.OUT_OF_RANGE, pointer,
                    "'" + field + "' has " + value.size() + " item" + (value.size() == 1 ? "" : "s") + "; "
                            + (keyword.equals("minItems") ? "needs at least " : "takes at most ")
                            + schemaNode.asInt());
            case "minLength" -> new SchemaFinding(Check.OUT_OF_RANGE, pointer,
                    "'" + field + "' is " + (value.asString("").isEmpty() ? "empty" : "too short (" + show(value) + ")")
                            + "; it needs at least " + schemaNode.asInt() + " character"
                            + (schemaNode.asInt() == 1 ? "" : "s"));
            case "uniqueItems" -> new SchemaFinding(Check.OUT_OF_RANGE, pointer,
                    "'" + field + "' lists the same value more than once: " + show(value));
            case "dependentRequired" -> new SchemaFinding(Check.MISSING_FIELD, pointer,
                    error.getMessage().replaceFirst("^\\S+:\\s*", ""));
            case "not" -> new SchemaFinding(Check.SCHEMA_VIOLATION, pointer,
                    pointer.equals("/rule") ? "'rule.index' and 'rule.data_view_id' cannot both be set; keep one"
                            : "'" + field + "' breaks the schema: " + error.getMessage());
            // oneOf/anyOf/if/then/allOf/$ref only wrap errors reported on their own
            case "oneOf", "anyOf" -> new SchemaFinding(Check.WRONG_TYPE, pointer,
                    "'" + field + "' is " + show(value) + "; it must be " + alternatives(schemaNode));
            case "if", "then", "else", "allOf", "$ref" -> null;
            default -> new SchemaFinding(Check.SCHEMA_VIOLATION, pointer,
                    "'" + field + "': " + error.getMessage());
        };
    }

    static String pointer(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            out.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /** {@code /rule/threat/0/tactic/id} as {@code rule.threat[0].tactic.id}. */
    static String dotted(String pointer) {
        if (pointer.isEmpty()) {
            return "(file)";
        }
        StringBuilder out = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && out.length() > 0) {
                out.append('[').append(name).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }

    private static String tableHint(String pointer, String missing) {
        if (pointer.isEmpty()) {
            return "; add a [" + missing + "] table";
        }
        return " in [" + dotted(pointer) + "]";
    }

    private static String expected(Error error) {
        JsonNode parent = error.getSchemaNode();
        // the schemas describe each pattern in words next to it
        String description = describeFromLocation(error);
        if (description != null) {
            return description;
        }
        return "a value matching " + (parent == null ? "the schema" : parent.asString());
    }

    private static final Map<String, JsonNode> SCHEMA_DOCUMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode load(String relativePath) {
        try (var in = SchemaCheck.class.getClassLoader().getResourceAsStream("schemas/" + relativePath)) {
            return in == null ? MissingNode.getInstance() : new ObjectMapper().readTree(in);
        } catch (java.io.IOException | JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /** Patterns are explained by a "description" beside them in the schema; read it from the schema document. */
    private static String describeFromLocation(Error error) {
        SchemaLocation location = error.getSchemaLocation();
        if (location == null || location.getAbsoluteIri() == null) {
            return null;
        }
        String iri = location.getAbsoluteIri().toString();
        if (!iri.startsWith(SCHEMA_BASE)) {
            return null;
        }
        JsonNode document = SCHEMA_DOCUMENTS.computeIfAbsent(iri.substring(SCHEMA_BASE.length()), SchemaCheck::load);
        String fragment = location.getFragment().toString();
        String parent = fragment.substring(0, Math.max(0, fragment.lastIndexOf('/')));
        JsonNode description = document.at(parent).path("description");
        return description.isString() ? description.asString() : null;
    }

    private static String bound(String keyword, JsonNode limit) {
        return switch (keyword) {
            case "minimum" -> "it must be at least " + limit.asString();
            case "maximum" -> "it must be at most " + limit.asString();
            case "exclusiveMinimum" -> "it must be greater than " + limit.asString();
            default -> "it must be less than " + limit.asString();
        };
    }

    private static String alternatives(JsonNode oneOf) {
        List<String> kinds = new ArrayList<>();
        if (oneOf != null && oneOf.isArray()) {
            for (JsonNode option : oneOf) {
                String kind = typeName(option.path("type"));
                if (kind.equals("array")) {
                    kind = "an array of " + typeName(option.path("items").path("type")) + "s";
                } else {
                    kind = article(kind);
                }
                kinds.add(kind);
            }
        }
        return kinds.isEmpty() ? "one of the forms in the schema" : String.join(" or ", kinds);
    }

    private static String typeName(JsonNode typeNode) {
        if (typeNode == null || typeNode.isMissingNode()) {
            return "value";
        }
        if (typeNode.isArray()) {
            List<String> names = new ArrayList<>();
            typeNode.forEach(t -> names.add(tomlName(t.asString())));
            return String.join(" or ", names);
        }
        return tomlName(typeNode.asString());
    }

    /** JSON Schema type names in the words of TOML. */
    private static String tomlName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "table";
            case "number" -> "number";
            default -> jsonType;
        };
    }

    static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "table";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "float";
        }
        return "string";
    }

    private static String article(String noun) {
        return (noun.matches("^[aeiou].*") ? "an " : "a ") + noun;
    }

    static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String listValues(JsonNode values) {
        if (values == null || !values.isArray()) {
            return "the values in the schema";
        }
        List<String> shown = new ArrayList<>();
        values.forEach(v -> shown.add(v.toString()));
        return shown.stream().collect(Collectors.joining(", "));
    }
}
