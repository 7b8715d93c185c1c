package dev.dac.deploy;

import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.esql.OutputColumns;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.FieldMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * required_fields of an ES|QL rule as detection-rules builds them ({@code QueryValidator.get_required_fields} in
 * {@code detection_rules/rule.py} with {@code ESQLValidator.unique_fields} in {@code rule_validators.py}): the
 * columns the query returns, less those it names {@code Esql.*} and {@code Esql_priv.*}
 * ({@code ESQL_DYNAMIC_FIELD_PREFIXES}), sorted; an ECS field with its ECS type and {@code ecs: true}, any other
 * column with the type ES|QL gives it, {@code ecs: false}.
 *
 * <p>detection-rules takes the columns from a stack's answer to the query; dac builds without an engine, so it takes
 * them from the query text ({@link EsqlQueryAnalysis#output()}: the KEEP, STATS and BY columns) and types a source
 * column from the field catalog for the FROM patterns, in ES|QL's type family ({@code wildcard} → keyword). A column
 * the query makes itself ({@code EVAL x = …}, {@code RENAME a AS b}) or one the catalog does not know is
 * {@code unknown}. Where the query lets unnamed source columns through (a non-aggregating query without KEEP,
 * {@code KEEP process.*}), those that the catalog has for the FROM patterns are listed.
 */
final class EsqlRequiredFields {

    private static final Pattern DYNAMIC = Pattern.compile("^(Esql|Esql_priv)\\..*");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** ES mapping types ES|QL reads as another type (esql's EsqlDataTypes / DataType.fromEs). */
    private static final Map<String, String> ESQL_TYPE = Map.ofEntries(
            Map.entry("wildcard", "keyword"), Map.entry("constant_keyword", "keyword"),
            Map.entry("match_only_text", "text"), Map.entry("semantic_text", "text"),
            Map.entry("byte", "integer"), Map.entry("short", "integer"),
            Map.entry("float", "double"), Map.entry("half_float", "double"), Map.entry("scaled_float", "double"),
            Map.entry("flattened", "unsupported"), Map.entry("object", "unsupported"),
            Map.entry("nested", "unsupported"));

    private final FieldCatalog catalog;
    private final Map<String, String> ecsTypes;

    EsqlRequiredFields(FieldCatalog catalog, Map<String, String> ecsTypes) {
        this.catalog = catalog;
        this.ecsTypes = ecsTypes;
    }

    ArrayNode of(String query) {
        EsqlQueryAnalysis analysis = EsqlQueryAnalysis.of(query);
        OutputColumns output = analysis.output();
        FieldMap fields = catalog.forPatterns(analysis.indexPatterns()).fields();
        TreeSet<String> columns = new TreeSet<>(output.known());
        for (Pattern source : output.sourcePatterns()) {
            fields.matching(name -> source.matcher(name).matches()).forEach(f -> columns.add(f.name()));
            if (analysis.aggregates()) {
                continue; // STATS drops the metadata columns; only an aggregation-free query returns them
            }
            analysis.metadataFields().stream().filter(m -> source.matcher(m).matches()).forEach(columns::add);
        }
        ArrayNode out = JSON.arrayNode();
        for (String column : columns) {
            if (DYNAMIC.matcher(column).matches()) {
                continue;
            }
            RequiredFieldEntry.add(out, column, ecsTypes,
                    esqlType(column, fields, analysis));
        }
        return out;
    }

    private static String esqlType(String column, FieldMap fields, EsqlQueryAnalysis analysis) {
        if (analysis.metadataFields().contains(column)) {
            return column.equals("_version") ? "long" : "keyword";
        }
        if (analysis.createdColumns().contains(column)) {
            return "unknown"; // the engine types it; dac converts without one
        }
        return fields.field(column).map(FieldMap.Field::esType).map(t -> ESQL_TYPE.getOrDefault(t, t))
                .orElse("unknown");
    }
}
