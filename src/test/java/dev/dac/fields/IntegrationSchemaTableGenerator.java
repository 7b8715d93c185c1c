package dev.dac.fields;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one of dac's integration field tables from detection-rules' integration schemas
 * ({@code detection_rules/etc/integration-schemas.json.gz}: package → version → data stream → field → type, which
 * detection-rules builds from each release's package as Elastic's package registry publishes it, every
 * {@code data_stream/<stream>/fields/*.yml} of that one release, groups flattened, multi-fields left out). So the table
 * holds one package version whole, where a package read file by file from stored copies may mix releases. The schema
 * does not say a stream's type, so the caller names the streams that are metrics (the others are logs, as in the
 * streams' {@code manifest.yml}), nor what an alias points at, so aliases are left out; fields ECS defines with the
 * same type are left out as {@link IntegrationFieldsGenerator} leaves {@code external: ecs} out. Run it with
 * {@code make integration-schema-table} (see the README).
 */
public final class IntegrationSchemaTableGenerator {

    private IntegrationSchemaTableGenerator() {}

    /** Where the schema was read: repository, path and commit. */
    record Source(String repository, String path, String commit) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 8) {
            System.err.println("usage: IntegrationSchemaTableGenerator SCHEMAS_JSON[.gz] REPOSITORY PATH COMMIT PACKAGE"
                    + " VERSION METRICS_STREAMS(comma-separated, or -) OUT_TSV");
            System.exit(2);
        }
        JsonNode schemas;
        try (InputStream in = open(Path.of(args[0]))) {
            schemas = JsonMapper.builder().build().readTree(in);
        }
        Set<String> metrics = args[6].equals("-") ? Set.of() : Set.of(args[6].split(","));
        String table = generate(schemas, args[4], args[5], metrics, EcsFields.load().types(),
                new Source(args[1], args[2], args[3]));
        Files.writeString(Path.of(args[7]), table, StandardCharsets.UTF_8);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    static String generate(JsonNode schemas, String packageName, String version, Set<String> metricsStreams,
            Map<String, String> ecsTypes, Source source) {
        JsonNode streams = schemas.path(packageName).path(version);
        if (!streams.isObject() || streams.isEmpty()) {
            throw new IllegalArgumentException("the schemas hold no version " + version + " of package " + packageName
                    + (schemas.path(packageName).isObject() ? "; they hold " + String.join(", ",
                    schemas.path(packageName).propertyNames()) : ""));
        }
        Set<String> streamNames = new TreeSet<>();
        streams.properties().forEach(e -> {
            if (e.getValue().isObject()) { // detection-rules keeps machine learning job ids in a list beside them
                streamNames.add(e.getKey());
            }
        });
        Set<String> unknownMetrics = new TreeSet<>(metricsStreams);
        unknownMetrics.removeAll(streamNames);
        if (!unknownMetrics.isEmpty()) {
            throw new IllegalArgumentException("package " + packageName + " " + version + " has no data stream "
                    + String.join(", ", unknownMetrics));
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(IntegrationFields.PACKAGE_PREFIX).append(packageName).append(' ').append(version)
                .append('\n');
        out.append("# Source: ").append(source.repository()).append(' ').append(source.path()).append(" at commit ")
                .append(source.commit()).append(", package ").append(packageName).append(' ').append(version)
                .append(": the fields of every data_stream/*/fields/*.yml of that one release as detection-rules read"
                        + " them from Elastic's package registry\n");
        out.append("# Licence: field names and types are facts of the package's published field definitions, from which"
                + " dac derives its own table; none of the package's or detection-rules' files (Copyright"
                + " Elasticsearch B.V., under their repositories' licences) is copied.\n");
        out.append("# ECS fields (those ECS defines with the same type) are left out: the ECS table answers for them."
                + " Aliases are left out (the schema does not say what they point at); multi-fields are not in the"
                + " schema.\n");
        List<String> metrics = streamNames.stream().filter(metricsStreams::contains).toList();
        out.append("# Data stream types (the schema has none) as the generator was told, from the streams'"
                + " manifest.yml: ")
                .append(metrics.isEmpty() ? "all logs" : "metrics for " + String.join(", ", metrics)
                        + "; the others logs").append('\n');
        out.append("# Regenerate with: make integration-schema-table INTEGRATION_SCHEMAS=... SCHEMAS_COMMIT=")
                .append(source.commit()).append(" INTEGRATION_PACKAGE=").append(packageName)
                .append(" INTEGRATION_VERSION=").append(version).append(" METRICS_STREAMS=")
                .append(metrics.isEmpty() ? "-" : String.join(",", metrics)).append('\n');
        for (String stream : streamNames) {
            String indexPattern = (metricsStreams.contains(stream) ? "metrics-" : "logs-") + packageName + "."
                    + stream + "-*";
            streams.path(stream).properties().forEach(field -> {
                String type = field.getValue().asString();
                if (!type.equals("alias") && !type.equals(ecsTypes.get(field.getKey()))) {
                    out.append(indexPattern).append('\t').append(field.getKey()).append('\t').append(type)
                            .append('\n');
                }
            });
        }
        return out.toString();
    }
}
