package dev.dac.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The SHA-1 the npm package object-hash (v3, default options) computes for arrays of strings, numbers, booleans,
 * null and undefined, which is what Kibana hashes into new terms and ES|QL alert ids. Its serialisation: an array is
 * {@code array:<length>:} then its entries in order, a string {@code string:<UTF-16 length>:<text>}, a number
 * {@code number:<JS toString>}, a boolean {@code bool:<value>}, null {@code Null}, undefined {@code Undefined}.
 * Objects are not supported (Kibana's id recipes never hash one).
 */
final class ObjectHash {

    /** JavaScript's {@code undefined}, which object-hash writes differently from null. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    private ObjectHash() {}

    static String sha1(List<?> array) {
        StringBuilder text = new StringBuilder();
        write(array, text);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value == UNDEFINED) {
            out.append("Undefined");
        } else if (value == null) {
            out.append("Null");
        } else if (value instanceof List<?> list) {
            out.append("array:").append(list.size()).append(':');
            list.forEach(entry -> write(entry, out));
        } else if (value instanceof JsonNode node) {
            writeJson(node, out);
        } else if (value instanceof String text) {
            out.append("string:").append(text.length()).append(':').append(text);
        } else if (value instanceof Boolean bool) {
            out.append("bool:").append(bool);
        } else if (value instanceof Number number) {
            out.append("number:").append(jsNumber(new BigDecimal(number.toString())));
        } else {
            throw new IllegalArgumentException("object-hash recipe for " + value.getClass() + " is not supported");
        }
    }

    private static void writeJson(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            write(UNDEFINED, out);
        } else if (node.isNull()) {
            write(null, out);
        } else if (node.isArray()) {
            out.append("array:").append(node.size()).append(':');
            node.forEach(entry -> writeJson(entry, out));
        } else if (node.isString()) {
            write(node.asString(), out);
        } else if (node.isBoolean()) {
            write(node.asBoolean(), out);
        } else if (node.isNumber()) {
            out.append("number:").append(jsNumber(node.decimalValue()));
        } else {
            throw new IllegalArgumentException("object-hash recipe for " + node.getNodeType() + " is not supported");
        }
    }

    /** A number as JavaScript's Number.prototype.toString writes it (plain notation in the usual range). */
    static String jsNumber(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        double magnitude = Math.abs(stripped.doubleValue());
        if (magnitude != 0 && (magnitude >= 1e21 || magnitude < 1e-6)) {
            String text = Double.toString(stripped.doubleValue()).replace("E", "e");
            return text.contains("e-") ? text.replace(".0e", "e") : text.replace(".0e", "e").replace("e", "e+");
        }
        return stripped.signum() == 0 ? "0" : stripped.toPlainString();
    }
}
