package dev.dac.deploy;

import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One required_fields entry as detection-rules writes it ({@code QueryValidator.get_required_fields},
 * {@code detection_rules/rule.py}): a field ECS defines is {@code ecs: true} with its ECS type, whatever an
 * integration maps it as (data_stream.dataset is constant_keyword); any other field is {@code ecs: false} with the
 * type found for it (a multi-field such as {@code process.name.caseless} is not an ECS field there). Kibana gives an entry sent so the same {@code ecs} on create (addEcsToRequiredFields).
 */
final class RequiredFieldEntry {

    private RequiredFieldEntry() {}

    static void add(ArrayNode out, String field, Map<String, String> ecsTypes, String otherType) {
        String ecsType = isEcsField(field, ecsTypes) ? ecsTypes.get(field) : null;
        ObjectNode entry = out.addObject();
        entry.put("ecs", ecsType != null);
        entry.put("name", field);
        entry.put("type", ecsType != null ? ecsType : otherType);
    }

    /**
     * A field of ECS's flat table, which detection-rules reads without multi-fields: {@code process.name.text} (a
     * multi-field, under a field that is no object) is not one.
     */
    static boolean isEcsField(String field, Map<String, String> ecsTypes) {
        int dot = field.lastIndexOf('.');
        return ecsTypes.containsKey(field) && (dot < 0 || !ecsTypes.containsKey(field.substring(0, dot)));
    }
}
