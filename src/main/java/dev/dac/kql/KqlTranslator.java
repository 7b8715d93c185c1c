package dev.dac.kql;

import static dev.dac.kql.QueryDsl.bool;
import static dev.dac.kql.QueryDsl.should;
import static dev.dac.kql.QueryDsl.single;

import dev.dac.fields.FieldMap;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a KQL tree to Elasticsearch Query DSL the way Kibana's kuery does for the detection engine: and →
 * bool.filter, or → bool.should (minimum_should_match 1), not → bool.must_not, each field clause wrapped in a
 * one-or-more bool.should over the fields the name stands for, and the clause chosen by the field's type.
 */
public final class KqlTranslator {

    /**
     * The time zone the detection engine gives date clauses (Kibana builds rule queries with dateFormatTZ "Zulu");
     * null leaves time_zone out, as Kibana does when no zone is configured.
     */
    public static final String DETECTION_ENGINE_TIME_ZONE = "Zulu";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FieldMap fields;
    private final String dateTimeZone;

    public KqlTranslator(FieldMap fields) {
        this(fields, DETECTION_ENGINE_TIME_ZONE);
    }

    public KqlTranslator(FieldMap fields, String dateTimeZone) {
        this.fields = fields;
        this.dateTimeZone = dateTimeZone;
    }

    public ObjectNode translate(KqlNode node) {
        return translate(node, null);
    }

    private ObjectNode translate(KqlNode node, String nestedPath) {
        if (node instanceof KqlNode.And and) {
            return bool("filter", children(and.children(), nestedPath));
        }
        if (node instanceof KqlNode.Or or) {
            return should(children(or.children(), nestedPath));
        }
        if (node instanceof KqlNode.Not not) {
            ObjectNode bool = JSON.objectNode();
            bool.set("must_not", translate(not.child(), nestedPath));
            return single("bool", bool);
        }
        if (node instanceof KqlNode.Nested nested) {
            return nested(nested, nestedPath);
        }
        if (node instanceof KqlNode.Is is) {
            return is(is, nestedPath);
        }
        return range((KqlNode.Range) node, nestedPath);
    }

    private List<JsonNode> children(List<KqlNode> nodes, String nestedPath) {
        List<JsonNode> out = new ArrayList<>();
        nodes.forEach(n -> out.add(translate(n, nestedPath)));
        return out;
    }

    private ObjectNode nested(KqlNode.Nested nested, String outerPath) {
        String path = text(nested.path());
        String fullPath = outerPath == null ? path : outerPath + "." + path;
        ObjectNode body = JSON.objectNode();
        body.put("path", fullPath);
        body.set("query", translate(nested.child(), fullPath));
        body.put("score_mode", "none");
        ObjectNode root = JSON.objectNode();
        root.set("nested", body);
        return root;
    }

    private ObjectNode is(KqlNode.Is is, String nestedPath) {
        KqlValue value = is.value();
        boolean existsQuery = value instanceof KqlValue.Wildcard w && w.isLone();
        boolean allFields = is.field() instanceof KqlValue.Wildcard w && w.isLone();
        if (existsQuery && allFields) {
            return single("match_all", JSON.objectNode());
        }
        if (is.field() == null) {
            if (value instanceof KqlValue.Wildcard wildcard) {
                return single("query_string", JSON.objectNode().put("query", wildcard.queryStringPattern()));
            }
            ObjectNode multiMatch = JSON.objectNode();
            multiMatch.put("type", quoted(value) ? "phrase" : "best_fields");
            multiMatch.set("query", valueJson(value));
            multiMatch.put("lenient", true);
            return single("multi_match", multiMatch);
        }
        KqlValue fieldName = fullName(is.field(), nestedPath);
        List<JsonNode> queries = new ArrayList<>();
        for (FieldMap.Field field : fieldsFor(fieldName)) {
            ObjectNode query;
            if (existsQuery) {
                query = single("exists", JSON.objectNode().put("field", field.name()));
            } else if (value instanceof KqlValue.Wildcard wildcard) {
                query = field.isKeyword()
                        ? single("wildcard", JSON.objectNode().set(field.name(),
                                JSON.objectNode().put("value", wildcard.queryStringPattern())))
                        : single("query_string", queryString(field.name(), wildcard.queryStringPattern()));
            } else if (field.isDate()) {
                ObjectNode bounds = JSON.objectNode();
                bounds.set("gte", valueJson(value));
                bounds.set("lte", valueJson(value));
                addTimeZone(bounds, value);
                query = single("range", JSON.objectNode().set(field.name(), bounds));
            } else if (field.isKeyword()) {
                query = single("term", JSON.objectNode().set(field.name(),
                        JSON.objectNode().set("value", valueJson(value))));
            } else {
                query = single(quoted(value) ? "match_phrase" : "match",
                        JSON.objectNode().set(field.name(), valueJson(value)));
            }
            queries.add(wrapNested(query, field, fieldName, nestedPath));
        }
        return should(queries);
    }

    private ObjectNode range(KqlNode.Range range, String nestedPath) {
        KqlValue fieldName = fullName(range.field(), nestedPath);
        List<JsonNode> queries = new ArrayList<>();
        for (FieldMap.Field field : fieldsFor(fieldName)) {
            ObjectNode params = JSON.objectNode();
            params.set(range.operator(), valueJson(range.value()));
            if (field.isDate()) {
                addTimeZone(params, range.value());
            }
            queries.add(wrapNested(single("range", JSON.objectNode().set(field.name(), params)), field, fieldName,
                    nestedPath));
        }
        return should(queries);
    }

    /** The fields a name stands for; a name the map does not know is used as it is, with no type. */
    private List<FieldMap.Field> fieldsFor(KqlValue name) {
        List<FieldMap.Field> found = name.fieldsIn(fields);
        if (!found.isEmpty()) {
            return found;
        }
        String asIs = name instanceof KqlValue.Wildcard w ? w.pattern() : text(name);
        return List.of(new FieldMap.Field(asIs, "", null));
    }

    /** Inside {@code path: { ... }}, field names are relative to the nested path. */
    private static KqlValue fullName(KqlValue field, String nestedPath) {
        if (nestedPath == null) {
            return field;
        }
        if (field instanceof KqlValue.Wildcard wildcard) {
            List<String> parts = new ArrayList<>(wildcard.parts());
            parts.set(0, nestedPath + "." + parts.get(0));
            return new KqlValue.Wildcard(parts);
        }
        return new KqlValue.Literal(nestedPath + "." + text(field), false);
    }

    /** A wildcard field name can reach into nested fields; Kibana wraps those clauses in a nested query. */
    private ObjectNode wrapNested(ObjectNode query, FieldMap.Field field, KqlValue name, String nestedPath) {
        if (!(name instanceof KqlValue.Wildcard) || field.nestedPath() == null || nestedPath != null) {
            return query;
        }
        ObjectNode body = JSON.objectNode();
        body.put("path", field.nestedPath());
        body.set("query", query);
        body.put("score_mode", "none");
        return single("nested", body);
    }

    private void addTimeZone(ObjectNode bounds, KqlValue value) {
        boolean epoch = value instanceof KqlValue.Literal literal && literal.value() instanceof String text
                && text.matches("\\d+");
        if (dateTimeZone != null && !epoch) {
            bounds.put("time_zone", dateTimeZone);
        }
    }

    private static ObjectNode queryString(String field, String query) {
        ObjectNode body = JSON.objectNode();
        body.set("fields", JSON.arrayNode().add(field));
        body.put("query", query);
        return body;
    }

    static JsonNode valueJson(KqlValue value) {
        if (value instanceof KqlValue.Wildcard wildcard) {
            return JSON.stringNode(wildcard.pattern());
        }
        Object literal = ((KqlValue.Literal) value).value();
        if (literal == null) {
            return JSON.nullNode();
        }
        if (literal instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.stringNode((String) literal);
    }

    private static boolean quoted(KqlValue value) {
        return value instanceof KqlValue.Literal literal && literal.quoted();
    }

    static String text(KqlValue value) {
        return value instanceof KqlValue.Wildcard w ? w.pattern() : ((KqlValue.Literal) value).text();
    }
}
