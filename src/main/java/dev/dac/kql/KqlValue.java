package dev.dac.kql;

import dev.dac.fields.FieldMap;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A field name or value in a KQL query: a literal (text, true, false or null) or a pattern with wildcards. */
public sealed interface KqlValue {

    /** The fields this field name stands for in {@code map}, as Kibana's getFields finds them. */
    default List<FieldMap.Field> fieldsIn(FieldMap map) {
        if (this instanceof Wildcard wildcard) {
            Pattern regex = wildcard.regex();
            return map.matching(name -> regex.matcher(name).matches());
        }
        return map.field(((Literal) this).text()).map(List::of).orElse(List.of());
    }

    /** A literal. {@code value} is a String, a Boolean or null; {@code quoted} tells a "quoted phrase". */
    record Literal(Object value, boolean quoted) implements KqlValue {
        public String text() {
            return value == null ? "null" : value.toString();
        }
    }

    /** Text with unescaped {@code *} wildcards: {@code parts} are the text between them ({@code AKIA*} is [AKIA, ""]). */
    record Wildcard(List<String> parts) implements KqlValue {

        public Wildcard {
            parts = List.copyOf(parts);
        }

        /** Just {@code *}. */
        public boolean isLone() {
            return parts.size() == 2 && parts.get(0).isEmpty() && parts.get(1).isEmpty();
        }

        /** The pattern for a wildcard query: parts joined by {@code *} as they are. */
        public String pattern() {
            return String.join("*", parts);
        }

        /** The pattern for a query_string query: query_string's reserved characters escaped in each part. */
        public String queryStringPattern() {
            return parts.stream().map(Wildcard::escapeQueryString).collect(Collectors.joining("*"));
        }

        /** True when {@code text} matches the whole pattern. */
        public boolean matches(String text) {
            return regex().matcher(text).matches();
        }

        public Pattern regex() {
            return Pattern.compile(parts.stream().map(p -> p.isEmpty() ? "" : Pattern.quote(p))
                    .collect(Collectors.joining("[\\s\\S]*")));
        }

        private static String escapeQueryString(String text) {
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                if ("+-=&|><!(){}[]^\"~*?:\\/".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }
    }
}
