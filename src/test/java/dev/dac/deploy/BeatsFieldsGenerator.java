package dev.dac.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes dac's table of the Beats fields detection-rules types required fields from
 * ({@code src/main/resources/dev/dac/deploy/beats-fields.tsv}) out of detection-rules' Beats schema
 * ({@code detection_rules/etc/beats_schemas/v<version>.json.gz}, the folders of each Beat with their
 * {@code _meta/fields.yml} and {@code fields.common.yml}), flattened as {@code beats._flatten_schema} flattens them:
 * a Beat's own fields, each module's, and each module dataset's under {@code <module>.}. One row per field:
 * beat, module (empty for the Beat's own), dataset (empty for the module's own), field, type. Run it with
 * {@code make beats-fields} (see the README).
 */
public final class BeatsFieldsGenerator {

    private BeatsFieldsGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: BeatsFieldsGenerator BEATS_SCHEMA_JSON[.gz] SOURCE_DESCRIPTION COMMIT OUT_TSV");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        JsonNode schema;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            schema = JsonMapper.builder().build().readTree(in);
        }
        Files.writeString(Path.of(args[3]), generate(schema, args[1], args[2]), StandardCharsets.UTF_8);
    }

    static String generate(JsonNode schema, String source, String commit) {
        StringBuilder out = new StringBuilder();
        out.append("# Beats fields as detection-rules reads them for required_fields types\n");
        out.append("# Source: ").append(source).append(" at commit ").append(commit).append('\n');
        out.append("# Licence: field names and types are facts of the Beats' published field definitions, from which"
                + " dac derives its own table; none of detection-rules' or the Beats' files (Copyright Elasticsearch"
                + " B.V., under their repositories' licences) is copied.\n");
        out.append("# Columns: beat, module (empty: the Beat's own fields), dataset (empty: the module's own), field,"
                + " type\n");
        for (Map.Entry<String, JsonNode> beat : schema.properties()) {
            write(out, beat.getKey(), "", "", beat.getValue(), "");
            JsonNode modules = beat.getValue().path("folders").path("module").path("folders");
            for (Map.Entry<String, JsonNode> module : modules.properties()) {
                write(out, beat.getKey(), module.getKey(), "", module.getValue(), "");
                for (Map.Entry<String, JsonNode> dataset : module.getValue().path("folders").properties()) {
                    if (!dataset.getKey().startsWith("_")) {
                        write(out, beat.getKey(), module.getKey(), dataset.getKey(), dataset.getValue(),
                                module.getKey() + ".");
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code beats.get_field_schema(dir, prefix, include_common=True)}. */
    private static void write(StringBuilder out, String beat, String module, String dataset, JsonNode dir,
            String prefix) {
        JsonNode files = dir.path("folders").path("_meta").path("files");
        for (String name : new String[] {"fields.yml", "fields.common.yml"}) {
            if (files.path(name).isArray()) {
                flatten(files.path(name), prefix, (field, type) -> out.append(beat).append('\t').append(module)
                        .append('\t').append(dataset).append('\t').append(field).append('\t').append(type)
                        .append('\n'));
            }
        }
    }

    private interface FieldSink {
        void add(String field, String type);
    }

    /** {@code beats._flatten_schema}: groups give a prefix, other entries with fields are looked through. */
    private static void flatten(JsonNode schema, String prefix, FieldSink sink) {
        for (JsonNode entry : schema) {
            String name = entry.path("name").asString("");
            if (entry.path("type").asString("").equals("group")) {
                String nested = prefix + name + ".";
                if (schema.size() == 1 && nested.startsWith(prefix + prefix)) {
                    nested = name + ".";
                }
                if (entry.has("field")) {
                    flatten(entry.path("field"), nested, sink);
                } else if (entry.has("fields")) {
                    flatten(entry.path("fields"), nested, sink);
                }
            } else if (entry.has("fields")) {
                boolean nestedType = !name.isEmpty() && entry.path("type").asString("").equals("nested");
                flatten(entry.path("fields"), nestedType ? prefix + name + "." : prefix, sink);
            } else if (entry.has("name")) {
                sink.add(prefix + name, entry.path("type").asString("keyword")); // keyword when not given
            }
        }
    }
}
