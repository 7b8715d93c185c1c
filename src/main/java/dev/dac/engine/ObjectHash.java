package dev.dac.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The SHA-1 the npm package object-hash (v3, default options) computes, which is what Kibana hashes into new terms,
 * ES|QL and suppressed alert ids and alert instance ids. Its serialisation: an array is {@code array:<length>:} then
 * its entries in order, a string {@code string:<UTF-16 length>:<text>}, a number {@code number:<JS toString>}, a
 * boolean {@code bool:<value>}, null {@code Null}, undefined {@code Undefined}, a Date {@code date:<toJSON()>}, and a
 * plain object {@code object:<n>:} then {@code key:value,} for its sorted keys preceded by the three special ones
 * (prototype, __proto__, constructor). Every object, array and Date visited joins a context list, and a later visit
 * of the same object writes {@code [CIRCULAR:<position>]} instead: that is how the shared {@code Object.prototype}
 * and {@code Object} of the second and later plain objects are written (object-hash's index.js, typeHasher).
 */
final class ObjectHash {

    /** JavaScript's {@code undefined}, which object-hash writes differently from null. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    /** Object.prototype and the Object constructor, reached through every plain object's special keys. */
    private static final Object OBJECT_PROTOTYPE = new Object();
    private static final Object OBJECT_CONSTRUCTOR = new Object();

    private ObjectHash() {}

    static String sha1(List<?> array) {
        Serializer serializer = new Serializer();
        serializer.write(array);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(serializer.out.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** One hashing: the text written so far and the objects visited, by identity as JavaScript compares them. */
    private static final class Serializer {
        private final StringBuilder out = new StringBuilder();
        private final List<Object> context = new ArrayList<>();

        void write(Object value) {
            if (value == UNDEFINED) {
                out.append("Undefined");
            } else if (value == null) {
                out.append("Null");
            } else if (value instanceof JsonNode node) {
                writeJson(node);
            } else if (value instanceof String text) {
                out.append("string:").append(text.length()).append(':').append(text);
            } else if (value instanceof Boolean bool) {
                out.append("bool:").append(bool);
            } else if (value instanceof Number number) {
                out.append("number:").append(jsNumber(new BigDecimal(number.toString())));
            } else if (value == OBJECT_CONSTRUCTOR) {
                // a native function: its source is not hashed, its name is, then its (no) own properties
                out.append("fn:");
                write("[native]");
                write("function-name:Object");
                if (visited(value)) {
                    out.append("object:0:");
                }
            } else if (visited(value)) {
                if (value instanceof List<?> list) {
                    out.append("array:").append(list.size()).append(':');
                    list.forEach(this::write);
                } else if (value instanceof Instant instant) {
                    out.append("date:").append(KibanaTime.iso(instant)); // Date.prototype.toJSON
                } else if (value == OBJECT_PROTOTYPE) {
                    out.append("object:3:");
                    property("prototype", UNDEFINED);
                    property("__proto__", null);
                    property("constructor", OBJECT_CONSTRUCTOR);
                } else {
                    throw new IllegalArgumentException("object-hash recipe for " + value.getClass() + " is not supported");
                }
            }
        }

        /** Adds a container to the context, or writes the reference to it when it was visited before. */
        private boolean visited(Object value) {
            for (int i = 0; i < context.size(); i++) {
                if (context.get(i) == value) {
                    write("[CIRCULAR:" + i + "]");
                    return false;
                }
            }
            context.add(value);
            return true;
        }

        private void property(String key, Object value) {
            write(key);
            out.append(':');
            write(value);
            out.append(',');
        }

        private void writeJson(JsonNode node) {
            if (node == null || node.isMissingNode()) {
                write(UNDEFINED);
            } else if (node.isNull()) {
                write(null);
            } else if (node.isArray()) {
                if (visited(node)) {
                    out.append("array:").append(node.size()).append(':');
                    node.forEach(this::writeJson);
                }
            } else if (node.isObject()) {
                if (visited(node)) {
                    List<String> keys = new ArrayList<>(node.propertyNames());
                    keys.sort(null); // JavaScript's default sort: UTF-16 code units, as String.compareTo
                    out.append("object:").append(keys.size() + 3).append(':');
                    property("prototype", UNDEFINED);
                    property("__proto__", OBJECT_PROTOTYPE);
                    property("constructor", OBJECT_CONSTRUCTOR);
                    keys.forEach(key -> property(key, node.get(key)));
                }
            } else if (node.isString()) {
                write(node.asString());
            } else if (node.isBoolean()) {
                write(node.asBoolean());
            } else if (node.isNumber()) {
                out.append("number:").append(jsNumber(node.decimalValue()));
            } else {
                throw new IllegalArgumentException("object-hash recipe for " + node.getNodeType() + " is not supported");
            }
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
