package dev.dac.engine;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * kibana.alert.reason as Kibana writes it for every rule type (rule_types/utils/reason_formatters.ts,
 * buildReasonMessageUtil): "[category ]event[ with][ process p,][ parent process p,][ file f,][ source a][:port,]
 * [ destination a][:port,][ by user][ on host] created severity alert name." The values are read from the source
 * document as lodash's getOr reads them (a literal dotted key first, else the nested path). A value is left out when
 * it is empty, "-", or neither a string nor an array (so a numeric port is not shown, as in Kibana); arrays are
 * joined with ", ". "with" appears when any of process, parent process, file, source or destination is shown.
 */
final class AlertReason {

    private AlertReason() {}

    static String of(JsonNode source, String ruleName, String severity) {
        boolean[] ofInterest = {false};
        String destinationAddress = shown(get(source, "destination.ip"), true, ofInterest);
        String destinationPort = shown(get(source, "destination.port"), true, ofInterest);
        String eventCategory = shown(get(source, "event.category"), false, ofInterest);
        String fileName = shown(get(source, "file.name"), true, ofInterest);
        String hostName = shown(get(source, "host.name"), false, ofInterest);
        String processName = shown(get(source, "process.name"), true, ofInterest);
        String processParentName = shown(get(source, "process.parent.name"), true, ofInterest);
        String sourceAddress = shown(get(source, "source.ip"), true, ofInterest);
        String sourcePort = shown(get(source, "source.port"), true, ofInterest);
        String userName = shown(get(source, "user.name"), false, ofInterest);

        StringBuilder reason = new StringBuilder();
        if (eventCategory != null) {
            reason.append(eventCategory).append(' ');
        }
        reason.append("event");
        if (ofInterest[0]) {
            reason.append(" with");
        }
        append(reason, " process ", processName, ",");
        append(reason, " parent process ", processParentName, ",");
        append(reason, " file ", fileName, ",");
        append(reason, " source ", sourceAddress, "");
        append(reason, ":", sourcePort, ",");
        append(reason, " destination ", destinationAddress, "");
        append(reason, ":", destinationPort, ",");
        append(reason, " by ", userName, "");
        append(reason, " on ", hostName, "");
        return reason.append(" created ").append(severity).append(" alert ").append(ruleName).append('.').toString();
    }

    private static void append(StringBuilder reason, String before, String value, String after) {
        if (value != null) {
            reason.append(before).append(value).append(after);
        }
    }

    /** lodash getOr(null, path, doc): the literal key when the document has it, else the nested path. */
    private static JsonNode get(JsonNode doc, String path) {
        if (doc == null || !doc.isObject()) {
            return null;
        }
        if (doc.has(path)) {
            return doc.get(path);
        }
        JsonNode node = doc;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    /** getFieldTemplateValue: the text shown for a value, or null when it is not shown. */
    private static String shown(JsonNode value, boolean ofInterest, boolean[] anyOfInterest) {
        String text;
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        } else if (value.isString()) {
            text = value.asString();
            if (text.isEmpty() || text.equals("-")) {
                return null;
            }
        } else if (value.isArray()) {
            if (value.isEmpty() || (value.size() == 1 && value.get(0).isString()
                    && value.get(0).asString().equals("-"))) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(jsString(v)));
            text = String.join(", ", parts);
        } else {
            return null; // numbers and booleans have no length in JavaScript, so Kibana leaves them out
        }
        if (ofInterest) {
            anyOfInterest[0] = true;
        }
        return text;
    }

    /** An array element as JavaScript's Array.prototype.join writes it. */
    private static String jsString(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(jsString(v)));
            return String.join(",", parts);
        }
        if (value.isObject()) {
            return "[object Object]";
        }
        if (value.isNumber()) {
            return ObjectHash.jsNumber(value.decimalValue());
        }
        return value.asString();
    }
}
