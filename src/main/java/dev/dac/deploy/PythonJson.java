package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * JSON text exactly as Python's {@code json.dumps(value, sort_keys=True)} writes it, because detection-rules hashes
 * and renders with it: keys sorted at every level, non-ASCII escaped as lower-case {@code \\uXXXX}, and either the
 * default separators ({@code ", "} and {@code ": "}) or the compact ones ({@code ","} and {@code ":"}).
 * Follows CPython's {@code Lib/json/encoder.py} (ensure_ascii=True).
 */
final class PythonJson {

    private PythonJson() {}

    /** {@code json.dumps(value, sort_keys=True)}. */
    static String dumps(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out, ", ", ": ");
        return out.toString();
    }

    /** {@code json.dumps(value, sort_keys=True, separators=(",", ":"))}. */
    static String dumpsCompact(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out, ",", ":");
        return out.toString();
    }

    private static void write(JsonNode value, StringBuilder out, String item, String key) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isObject()) {
            List<String> names = new ArrayList<>();
            value.propertyNames().forEach(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(item);
                }
                string(names.get(i), out);
                out.append(key);
                write(value.get(names.get(i)), out, item, key);
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(item);
                }
                write(value.get(i), out, item, key);
            }
            out.append(']');
        } else if (value.isString()) {
            string(value.asString(), out);
        } else if (value.isBoolean()) {
            out.append(value.asBoolean() ? "true" : "false");
        } else if (value.isIntegralNumber()) {
            out.append(value.bigIntegerValue());
        } else if (value.isNumber()) {
            out.append(pythonFloat(value.asDouble()));
        } else {
            string(value.asString(), out);
        }
    }

    /** Python's float repr for the values rules hold (plain decimals); exponents are written as Python does. */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String text = Double.toString(d);
        int e = text.indexOf('E');
        if (e < 0) {
            return text;
        }
        // Java writes 1.0E16, Python 1e+16; between 1e-4 and 1e16 Python writes plain digits
        java.math.BigDecimal exact = new java.math.BigDecimal(text);
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = exact.stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String mantissa = text.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(text.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        out.append('"');
    }
}
