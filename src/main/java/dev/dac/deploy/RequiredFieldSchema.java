package dev.dac.deploy;

import dev.dac.fields.FieldCatalog;
import dev.dac.fields.FieldMap;
import dev.dac.fields.IntegrationFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where detection-rules finds the type of a required field that is not an ECS field
 * ({@code QueryValidator.get_required_fields}, {@code detection_rules/rule.py}), and dac's nearest equivalent:
 * <ol>
 * <li>when the query compares {@code event.dataset} or {@code data_stream.dataset} with datasets of packages it
 * knows ({@code integrations.parse_datasets}), the fields of those data streams only, each type reduced to its family
 * ({@code kql.parser.elasticsearch_type_family}: long is integer, constant_keyword keyword), multi-fields left out;
 * a field they lack is {@code unknown}. dac reads the same streams in its integration tables.</li>
 * <li>otherwise, when an index pattern is a Beats one ({@code winlogbeat-*}), the Beats schema: the Beat's own
 * fields with those of the modules ({@code event.module}) and datasets the query names ({@link BeatsSchema}); a
 * field it lacks is {@code unknown} ({@code powershell.file.script_block_text} on {@code winlogbeat-*} without
 * {@code event.module:powershell}).</li>
 * <li>otherwise, when an index pattern is {@code endgame-*}, the Endgame schema. dac keeps none, and reads its field
 * catalog for the rule's index patterns instead (the nearest it has).</li>
 * <li>otherwise {@code unknown}, whatever the indices map: a rule on {@code logs-endpoint.events.*} whose query names
 * no dataset gets {@code file.Ext.original.path: unknown}, though Elastic Defend maps it.</li>
 * </ol>
 */
final class RequiredFieldSchema {

    /** {@code kql.parser.elasticsearch_type_family} of detection-rules; other types are their own family. */
    private static final Map<String, String> TYPE_FAMILY = Map.ofEntries(Map.entry("long_range", "range"),
            Map.entry("double_range", "range"), Map.entry("date_range", "range"), Map.entry("ip_range", "range"),
            Map.entry("annotated-text", "text"), Map.entry("completion", "text"),
            Map.entry("match_only_text", "text"), Map.entry("search-as_you_type", "text"),
            Map.entry("constant_keyword", "keyword"), Map.entry("wildcard", "keyword"),
            Map.entry("date_nanos", "date"), Map.entry("token_count", "integer"), Map.entry("long", "integer"),
            Map.entry("short", "integer"), Map.entry("byte", "integer"), Map.entry("unsigned_long", "integer"),
            Map.entry("double", "float"), Map.entry("half_float", "float"), Map.entry("scaled_float", "float"));

    private static final Set<String> NOT_LEAVES = Set.of("object", "nested", "group", "flattened");

    /** The named streams' fields (case 1) or the Beats' (case 2), or null. */
    private final Map<String, String> streamTypes;
    /** The catalog's fields for the index patterns (case 3), or null. */
    private final FieldMap indexFields;

    private RequiredFieldSchema(Map<String, String> streamTypes, FieldMap indexFields) {
        this.streamTypes = streamTypes;
        this.indexFields = indexFields;
    }

    static RequiredFieldSchema of(Set<String> datasets, Set<String> modules, List<String> index,
            IntegrationPackages packages, FieldCatalog catalog, BeatsSchema beats) {
        Map<String, String> streamTypes = new LinkedHashMap<>();
        boolean packageNamed = false;
        for (String dataset : datasets) {
            String value = dataset.replace("\"", "");
            int dot = value.indexOf('.');
            if (dot < 0 || !packages.has(value.substring(0, dot))) {
                continue;
            }
            packageNamed = true;
            // detection-rules' int_schema.update: a later stream's type wins
            catalog.integrations().dataStream(value).ifPresent(stream -> streamTypes(stream, streamTypes));
        }
        if (packageNamed) {
            return new RequiredFieldSchema(streamTypes, null);
        }
        List<String> beatNames = BeatsSchema.beatsOf(index);
        Map<String, String> beatFields = beatNames.isEmpty() ? Map.of() : beats.fieldsOf(beatNames, modules, datasets);
        if (!beatFields.isEmpty()) {
            return new RequiredFieldSchema(beatFields, null);
        }
        return new RequiredFieldSchema(null, index.contains("endgame-*") ? catalog.forPatterns(index).fields() : null);
    }

    private static void streamTypes(IntegrationFields.DataStream stream, Map<String, String> out) {
        stream.types().forEach((name, type) -> {
            int dot = name.lastIndexOf('.');
            String parentType = dot < 0 ? null : stream.types().get(name.substring(0, dot));
            if (parentType == null || NOT_LEAVES.contains(parentType)) { // a multi-field's parent is a leaf
                out.put(name, TYPE_FAMILY.getOrDefault(type, type));
            }
        });
    }

    /** The type detection-rules gives {@code field} when it is not an ECS field. */
    String type(String field) {
        if (streamTypes != null) {
            return streamTypes.getOrDefault(field, "unknown");
        }
        if (indexFields != null) {
            return indexFields.field(field).map(FieldMap.Field::esType).orElse("unknown");
        }
        return "unknown";
    }
}
