package dev.dac.kql;

import dev.dac.fields.FieldMap;
import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether one JSON document matches a KQL query, with the semantics of the Query DSL that
 * {@link KqlTranslator} produces for the same field map: exact terms on keyword fields, analysed matches on text,
 * addresses and CIDR on ip, numbers, dates with Elasticsearch's rounding, and nested objects matched one at a time.
 * Fields the map does not know are unsearchable, as with the alerts index's {@code dynamic: false}.
 */
public final class KqlEvaluator {

    private final FieldMap fields;
    private final Clock clock;

    /** {@code clock} is the now of date math in queries ({@code @timestamp > now-1d}). */
    public KqlEvaluator(FieldMap fields, Clock clock) {
        this.fields = fields;
        this.clock = clock;
    }

    /** Thrown where Elasticsearch would reject the query for this data (a word in a numeric field, say). */
    public static final class UnsupportedComparison extends RuntimeException {
        public UnsupportedComparison(String message) {
            super(message);
        }
    }

    public boolean matches(KqlNode query, JsonNode document) {
        // one now for the whole query, as Elasticsearch reads it once per search
        return matches(query, document, null, Clock.fixed(clock.instant(), ZoneOffset.UTC));
    }

    private boolean matches(KqlNode node, JsonNode doc, String nestedPath, Clock now) {
        if (node instanceof KqlNode.And and) {
            return and.children().stream().allMatch(c -> matches(c, doc, nestedPath, now));
        }
        if (node instanceof KqlNode.Or or) {
            return or.children().stream().anyMatch(c -> matches(c, doc, nestedPath, now));
        }
        if (node instanceof KqlNode.Not not) {
            return !matches(not.child(), doc, nestedPath, now);
        }
        if (node instanceof KqlNode.Nested nested) {
            String path = KqlTranslator.text(nested.path());
            String fullPath = nestedPath == null ? path : nestedPath + "." + path;
            String relative = nestedPath == null ? fullPath : path;
            for (JsonNode object : DocumentValues.of(doc, relative)) {
                if (object.isObject() && matches(nested.child(), scoped(object, fullPath), fullPath, now)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof KqlNode.Is is) {
            return is(is, doc, nestedPath, now);
        }
        return range((KqlNode.Range) node, doc, nestedPath, now);
    }

    /** A nested object seen as a document rooted at its path, so full field names resolve inside it. */
    private static JsonNode scoped(JsonNode object, String fullPath) {
        var root = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.set(fullPath, object);
        return root;
    }

    private boolean is(KqlNode.Is is, JsonNode doc, String nestedPath, Clock now) {
        KqlValue value = is.value();
        boolean exists = value instanceof KqlValue.Wildcard w && w.isLone();
        if (exists && is.field() instanceof KqlValue.Wildcard w && w.isLone()) {
            return true;
        }
        if (is.field() == null) {
            return fieldless(value, doc, now);
        }
        for (FieldMap.Field field : fieldsFor(is.field(), nestedPath)) {
            List<JsonNode> values = DocumentValues.leaves(doc, field.name());
            if (exists) {
                if (!values.isEmpty()) {
                    return true;
                }
                continue;
            }
            for (JsonNode v : values) {
                if (valueMatches(field, value, v, now)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean fieldless(KqlValue value, JsonNode doc, Clock now) {
        for (FieldMap.Field field : fields.fields().values()) {
            for (JsonNode v : DocumentValues.leaves(doc, field.name())) {
                try {
                    if (value instanceof KqlValue.Wildcard wildcard) {
                        if ((field.isKeyword() && wildcard.matches(v.asString()))
                                || (field.isText() && Analysis.tokens(v.asString()).stream().anyMatch(
                                        t -> lowercase(wildcard).matches(t)))) {
                            return true;
                        }
                    } else if (valueMatches(field, value, v, now)) {
                        return true;
                    }
                } catch (UnsupportedComparison e) {
                    // multi_match is lenient: a value that does not fit a field's type just does not match there
                }
            }
        }
        return false;
    }

    private boolean valueMatches(FieldMap.Field field, KqlValue value, JsonNode docValue, Clock now) {
        if (value instanceof KqlValue.Wildcard wildcard) {
            if (field.isKeyword()) {
                return wildcard.matches(docValue.asString());
            }
            if (field.isText()) {
                KqlValue.Wildcard lower = lowercase(wildcard);
                return Analysis.tokens(docValue.asString()).stream().anyMatch(lower::matches);
            }
            throw new UnsupportedComparison("a wildcard on " + field.esType() + " field " + field.name());
        }
        KqlValue.Literal literal = (KqlValue.Literal) value;
        if (literal.value() == null) {
            return false;
        }
        String text = literal.text();
        if (field.isDate()) {
            Optional<Instant> actual = storedDate(docValue.asString());
            Instant low = queryDate(text, false, now);
            Instant high = queryDate(text, true, now);
            return actual.isPresent() && !actual.get().isBefore(low) && !actual.get().isAfter(high);
        }
        if (field.isKeyword()) {
            return docValue.asString().equals(text);
        }
        if (field.isText()) {
            List<String> query = Analysis.tokens(text);
            List<String> doc = Analysis.tokens(docValue.asString());
            return literal.quoted() ? Analysis.containsPhrase(doc, query) : query.stream().anyMatch(doc::contains);
        }
        if (field.esType().equals("ip")) {
            return IpValues.matches(text, docValue.asString());
        }
        if (field.isNumeric()) {
            BigDecimal wanted = number(text, field);
            return equal(number(docValue.asString(), field), wanted);
        }
        if (field.esType().equals("boolean")) {
            return docValue.asString().equals(booleanText(text));
        }
        return docValue.asString().equals(text);
    }

    private boolean range(KqlNode.Range range, JsonNode doc, String nestedPath, Clock now) {
        String text = KqlTranslator.text(range.value());
        for (FieldMap.Field field : fieldsFor(range.field(), nestedPath)) {
            for (JsonNode v : DocumentValues.leaves(doc, field.name())) {
                int comparison;
                if (field.isDate()) {
                    boolean roundUp = range.operator().equals("gt") || range.operator().equals("lte");
                    Instant bound = queryDate(text, roundUp, now);
                    Optional<Instant> actual = storedDate(v.asString());
                    if (actual.isEmpty()) {
                        continue;
                    }
                    comparison = actual.get().compareTo(bound);
                } else if (field.isNumeric()) {
                    comparison = number(v.asString(), field).compareTo(number(text, field));
                } else if (field.esType().equals("ip")) {
                    comparison = IpValues.compare(v.asString(), text);
                } else {
                    comparison = v.asString().compareTo(text);
                }
                boolean ok = switch (range.operator()) {
                    case "gt" -> comparison > 0;
                    case "gte" -> comparison >= 0;
                    case "lt" -> comparison < 0;
                    default -> comparison <= 0;
                };
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A date or date math in the query, at the evaluator's now; Elasticsearch rejects the query otherwise. */
    private static Instant queryDate(String text, boolean roundUp, Clock now) {
        try {
            return DateMath.parse(text).resolve(now, roundUp);
        } catch (DateMathException e) {
            throw new UnsupportedComparison(e.getMessage());
        }
    }

    private static Optional<Instant> storedDate(String text) {
        try {
            return Optional.of(DateMath.date(text));
        } catch (DateMathException e) {
            return Optional.empty();
        }
    }

    private List<FieldMap.Field> fieldsFor(KqlValue name, String nestedPath) {
        KqlValue full = name;
        if (nestedPath != null) {
            full = name instanceof KqlValue.Wildcard w
                    ? new KqlValue.Wildcard(prefixed(w.parts(), nestedPath))
                    : new KqlValue.Literal(nestedPath + "." + KqlTranslator.text(name), false);
        }
        return full.fieldsIn(fields);
    }

    private static List<String> prefixed(List<String> parts, String path) {
        List<String> out = new ArrayList<>(parts);
        out.set(0, path + "." + out.get(0));
        return out;
    }

    private static KqlValue.Wildcard lowercase(KqlValue.Wildcard wildcard) {
        return new KqlValue.Wildcard(wildcard.parts().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
    }

    private static BigDecimal number(String text, FieldMap.Field field) {
        try {
            BigDecimal number = new BigDecimal(text.strip());
            boolean integral = !DECIMAL_TYPES.contains(field.esType());
            if (integral && number.stripTrailingZeros().scale() > 0) {
                throw new UnsupportedComparison("'" + text + "' has a decimal part for " + field.esType() + " field "
                        + field.name());
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UnsupportedComparison("'" + text + "' is not a number for " + field.esType() + " field "
                    + field.name());
        }
    }

    private static final java.util.Set<String> DECIMAL_TYPES = java.util.Set.of("double", "float", "half_float",
            "scaled_float");

    private static boolean equal(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }

    private static String booleanText(String text) {
        return switch (text) {
            case "true", "false" -> text;
            default -> throw new UnsupportedComparison("'" + text + "' is not true or false");
        };
    }

    /** Addresses and CIDR blocks compared as Elasticsearch's ip field does; parsed by {@link IpLiteral}. */
    private static final class IpValues {
        private IpValues() {}

        static boolean matches(String query, String actual) {
            Optional<InetAddress> address = IpLiteral.address(actual);
            if (address.isEmpty()) {
                return false;
            }
            IpLiteral.Block block = IpLiteral.Block.parse(query).orElseThrow(() -> new UnsupportedComparison(
                    "'" + query + "' is not an IP address or CIDR block"));
            return block.contains(address.get());
        }

        /** Orders addresses as Elasticsearch stores them: IPv4 as IPv4-mapped IPv6, compared as unsigned bytes. */
        static int compare(String a, String b) {
            byte[] x = sixteen(a);
            byte[] y = sixteen(b);
            return java.util.Arrays.compareUnsigned(x, y);
        }

        private static byte[] sixteen(String text) {
            byte[] address = IpLiteral.address(text).orElseThrow(() -> new UnsupportedComparison(
                    "'" + text + "' is not an IP address")).getAddress();
            if (address.length == 16) {
                return address;
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        }
    }
}
