package dev.dac.eql;

import static dev.dac.kql.QueryDsl.bool;
import static dev.dac.kql.QueryDsl.should;
import static dev.dac.kql.QueryDsl.single;

import dev.dac.eql.EqlNode.Expr;
import dev.dac.kql.QueryDsl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one event filter ({@code category where condition}) to Elasticsearch Query DSL, in the JSON form of
 * {@code kql.KqlTranslator} (and → bool.filter, or → bool.should with minimum_should_match 1, not → bool.must_not),
 * with the semantics of Elasticsearch's EQL reference: {@code category} is a term on {@code event.category};
 * {@code ==} a term, {@code :} a term or wildcard with case_insensitive, {@code like}/{@code like~} a wildcard,
 * {@code regex}/{@code regex~} a regexp, {@code in}/{@code in~} terms, {@code cidrMatch} a term per CIDR block on
 * the ip field, {@code startsWith}/{@code endsWith}/{@code stringContains}/{@code wildcard} prefix and wildcard
 * queries, {@code == null} a missing field. In EQL patterns a backslash is a plain character (C:\\Windows\\*), so it
 * is escaped for Lucene's wildcard syntax. An optional {@code ?field} that no index maps matches no term and is null,
 * which is what these queries do on an unmapped field.
 *
 * <p>The rule for what Query DSL cannot say without a script (a function such as length() or concat() over a
 * field, arithmetic, a field compared with another field, a field alone as a condition): it is never dropped. The
 * {@link Translation} holds the DSL of the translatable part, which matches every event the condition matches (and
 * perhaps more), and the <em>residue</em>, the part to evaluate on each hit after the search. Under {@code and}, the
 * translatable children go to the DSL and the others to the residue; an {@code or} or {@code not} with an
 * untranslatable part becomes residue whole (its DSL is match_all).
 */
public final class EqlTranslator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * What a condition became: {@code query} selects a superset of the matching events; {@code residue}, when
     * present, must also hold for an event to match (evaluate it after the search).
     */
    public record Translation(ObjectNode query, Optional<Expr> residue) {
        /** Whether the query alone selects exactly the matching events. */
        public boolean complete() {
            return residue.isEmpty();
        }
    }

    public Translation translate(EqlNode.EventFilter filter) {
        Translation condition = condition(filter.condition());
        if (filter.any()) {
            return condition;
        }
        ObjectNode category = single("term", JSON.objectNode().set("event.category",
                JSON.objectNode().put("value", filter.category())));
        return new Translation(bool("filter", List.of(category, condition.query())), condition.residue());
    }

    /** The DSL of a condition alone, with its residue. */
    public Translation condition(Expr expr) {
        if (expr instanceof EqlNode.And and) {
            List<JsonNode> queries = new ArrayList<>();
            List<Expr> residue = new ArrayList<>();
            for (Expr child : and.children()) {
                Translation t = condition(child);
                queries.add(t.query());
                t.residue().ifPresent(residue::add);
            }
            Optional<Expr> rest = residue.isEmpty() ? Optional.empty() : Optional.of(residue.size() == 1
                    ? residue.get(0) : new EqlNode.And(residue, and.span()));
            return new Translation(bool("filter", queries), rest);
        }
        Optional<ObjectNode> exact = exact(expr);
        return exact.map(q -> new Translation(q, Optional.empty()))
                .orElseGet(() -> new Translation(matchAll(), Optional.of(expr)));
    }

    /** The DSL that matches exactly the events {@code expr} matches, if Query DSL can say it without a script. */
    private Optional<ObjectNode> exact(Expr expr) {
        if (expr instanceof EqlNode.And and) {
            return all(and.children()).map(qs -> bool("filter", qs));
        }
        if (expr instanceof EqlNode.Or or) {
            return all(or.children()).map(QueryDsl::should);
        }
        if (expr instanceof EqlNode.Not not) {
            return exact(not.child()).map(EqlTranslator::mustNot);
        }
        if (expr instanceof EqlNode.BooleanLiteral b) {
            return Optional.of(b.value() ? matchAll() : mustNot(matchAll()));
        }
        if (expr instanceof EqlNode.Comparison c) {
            return comparison(c);
        }
        if (expr instanceof EqlNode.InList in && in.value() instanceof EqlNode.Field field
                && in.candidates().stream().allMatch(EqlNode.Literal.class::isInstance)) {
            List<JsonNode> options = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            for (Expr candidate : in.candidates()) {
                EqlNode.Literal literal = (EqlNode.Literal) candidate;
                if (literal.value() == null) {
                    options.add(missing(field.name()));
                } else if (in.caseInsensitive() && literal.value() instanceof String text) {
                    options.add(term(field.name(), JSON.stringNode(text), true));
                } else {
                    values.add(value(literal));
                }
            }
            if (!values.isEmpty()) {
                ArrayNode array = JSON.arrayNode();
                values.forEach(array::add);
                options.add(0, single("terms", JSON.objectNode().set(field.name(), array)));
            }
            ObjectNode any = options.size() == 1 ? (ObjectNode) options.get(0) : should(options);
            return Optional.of(in.negated() ? mustNot(any) : any);
        }
        if (expr instanceof EqlNode.Match match && match.value() instanceof EqlNode.Field field
                && match.patterns().stream().allMatch(p -> p.value() instanceof String)) {
            List<JsonNode> options = new ArrayList<>();
            for (EqlNode.Literal pattern : match.patterns()) {
                String text = (String) pattern.value();
                options.add(switch (match.op()) {
                    case REGEX -> single("regexp", JSON.objectNode().set(field.name(), caseFlag(JSON.objectNode()
                            .put("value", text), match.caseInsensitive())));
                    case LIKE -> wildcard(field.name(), text, match.caseInsensitive());
                    case SEQ -> hasWildcard(text) ? wildcard(field.name(), text, true)
                            : term(field.name(), JSON.stringNode(text), true);
                });
            }
            return Optional.of(options.size() == 1 ? (ObjectNode) options.get(0) : should(options));
        }
        if (expr instanceof EqlNode.Call call) {
            return call(call);
        }
        return Optional.empty();
    }

    private Optional<List<JsonNode>> all(List<Expr> children) {
        List<JsonNode> queries = new ArrayList<>();
        for (Expr child : children) {
            Optional<ObjectNode> q = exact(child);
            if (q.isEmpty()) {
                return Optional.empty();
            }
            queries.add(q.get());
        }
        return Optional.of(queries);
    }

    private Optional<ObjectNode> comparison(EqlNode.Comparison c) {
        EqlNode.Field field;
        EqlNode.Literal literal;
        EqlNode.CompareOp op = c.op();
        if (c.left() instanceof EqlNode.Field f && c.right() instanceof EqlNode.Literal l) {
            field = f;
            literal = l;
        } else if (c.left() instanceof EqlNode.Literal l && c.right() instanceof EqlNode.Field f) {
            field = f;
            literal = l;
            op = switch (op) { // 5 < x is x > 5
                case LT -> EqlNode.CompareOp.GT;
                case LTE -> EqlNode.CompareOp.GTE;
                case GT -> EqlNode.CompareOp.LT;
                case GTE -> EqlNode.CompareOp.LTE;
                default -> op;
            };
        } else {
            return Optional.empty();
        }
        if (literal.value() == null) {
            return switch (op) {
                case EQ -> Optional.of(missing(field.name()));
                case NEQ -> Optional.of(exists(field.name()));
                default -> Optional.of(mustNot(matchAll())); // an order against null is never true
            };
        }
        return Optional.of(switch (op) {
            case EQ -> term(field.name(), value(literal), false);
            // != is true where the field is missing too, as Elasticsearch's EQL translates it (a negated term)
            case NEQ -> mustNot(term(field.name(), value(literal), false));
            default -> single("range", JSON.objectNode().set(field.name(),
                    JSON.objectNode().set(op.name().toLowerCase(java.util.Locale.ROOT), value(literal))));
        });
    }

    private Optional<ObjectNode> call(EqlNode.Call call) {
        List<Expr> args = call.arguments();
        if (!(args.get(0) instanceof EqlNode.Field field)
                || !args.subList(1, args.size()).stream().allMatch(a -> a instanceof EqlNode.StringLiteral)) {
            return Optional.empty();
        }
        List<String> texts = args.subList(1, args.size()).stream()
                .map(a -> ((EqlNode.StringLiteral) a).value()).toList();
        boolean insensitive = call.caseInsensitive();
        List<JsonNode> options = new ArrayList<>();
        switch (call.function()) {
            case CIDR_MATCH -> {
                ArrayNode blocks = JSON.arrayNode();
                texts.forEach(blocks::add);
                options.add(single("terms", JSON.objectNode().set(field.name(), blocks)));
            }
            case STARTS_WITH -> options.add(single("prefix", JSON.objectNode().set(field.name(),
                    caseFlag(JSON.objectNode().put("value", texts.get(0)), insensitive))));
            case ENDS_WITH -> options.add(luceneWildcard(field.name(), "*" + literalPattern(texts.get(0)), insensitive));
            case STRING_CONTAINS -> options.add(luceneWildcard(field.name(), "*" + literalPattern(texts.get(0)) + "*",
                    insensitive));
            case WILDCARD -> texts.forEach(t -> options.add(wildcard(field.name(), t, insensitive)));
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(options.size() == 1 ? (ObjectNode) options.get(0) : should(options));
    }

    private static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    private static ObjectNode wildcard(String field, String eqlPattern, boolean caseInsensitive) {
        return luceneWildcard(field, eqlPattern.replace("\\", "\\\\"), caseInsensitive);
    }

    /** {@code lucenePattern} is already in Lucene's wildcard syntax. */
    private static ObjectNode luceneWildcard(String field, String lucenePattern, boolean caseInsensitive) {
        return single("wildcard", JSON.objectNode().set(field, caseFlag(JSON.objectNode().put("value", lucenePattern),
                caseInsensitive)));
    }

    /** Text to match literally inside a Lucene wildcard pattern: its \, * and ? escaped. */
    private static String literalPattern(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    private static ObjectNode term(String field, JsonNode value, boolean caseInsensitive) {
        ObjectNode body = JSON.objectNode();
        body.set("value", value);
        return single("term", JSON.objectNode().set(field, caseFlag(body, caseInsensitive && value.isString())));
    }

    private static ObjectNode caseFlag(ObjectNode body, boolean caseInsensitive) {
        if (caseInsensitive) {
            body.put("case_insensitive", true);
        }
        return body;
    }

    private static JsonNode value(EqlNode.Literal literal) {
        Object v = literal.value();
        if (v instanceof String s) {
            return JSON.stringNode(s);
        }
        if (v instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (v instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.nullNode();
    }

    private static ObjectNode exists(String field) {
        return single("exists", JSON.objectNode().put("field", field));
    }

    private static ObjectNode missing(String field) {
        return mustNot(exists(field));
    }

    private static ObjectNode matchAll() {
        return single("match_all", JSON.objectNode());
    }

    private static ObjectNode mustNot(JsonNode query) {
        ObjectNode bool = JSON.objectNode();
        bool.set("must_not", query);
        return single("bool", bool);
    }
}
