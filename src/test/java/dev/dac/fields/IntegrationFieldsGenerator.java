package dev.dac.fields;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes one of dac's integration field tables ({@code src/main/resources/dev/dac/fields/integrations/<package>.tsv})
 * from an Elastic integration package as it is checked out: {@code manifest.yml} for the name and version, each
 * {@code data_stream/<stream>/manifest.yml} for the stream's type and dataset, and its {@code fields/*.yml} for the
 * fields. Groups are flattened to dotted names, multi-fields become {@code <field>.<sub>}, aliases take the type of
 * the field they point at (as a data view reports them), and {@code external: ecs} entries are left out: the ECS table
 * answers for those. Run it with {@code make integration-table} (see the README).
 */
public final class IntegrationFieldsGenerator {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** In a package read file by file: one line per file, its path in the package and the commit it was read at. */
    static final String FILE_COMMITS = "FILE-COMMITS.tsv";

    private IntegrationFieldsGenerator() {}

    /** Where the package was read: repository, the package's path in it, and the commit. */
    record Source(String repository, String path, String commit) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: IntegrationFieldsGenerator PACKAGE_DIR REPOSITORY PATH_IN_REPOSITORY COMMIT"
                    + " OUT_TSV  (COMMIT is ignored when PACKAGE_DIR has a " + FILE_COMMITS + ")");
            System.exit(2);
        }
        String table = generate(Path.of(args[0]), new Source(args[1], args[2], args[3]));
        Files.writeString(Path.of(args[4]), table, StandardCharsets.UTF_8);
    }

    static String generate(Path packageDir, Source source) throws IOException {
        JsonNode manifest = yaml(packageDir.resolve("manifest.yml"));
        String name = manifest.path("name").asString();
        String version = manifest.path("version").asString();
        StringBuilder out = new StringBuilder();
        out.append("# ").append(IntegrationFields.PACKAGE_PREFIX).append(name).append(' ').append(version).append('\n');
        out.append("# Source: ").append(source.repository()).append(' ').append(source.path())
                .append(" (manifest.yml, data_stream/*/manifest.yml, data_stream/*/fields/*.yml)");
        Path fileCommits = packageDir.resolve(FILE_COMMITS);
        if (!Files.exists(fileCommits)) {
            out.append(" at commit ").append(source.commit()).append('\n');
        } else {
            // a package read file by file (not one checkout) says at which commit each file was read
            out.append(", read file by file: the version is manifest.yml's; each file is the version stored at the"
                    + " commit named, so the files need not all belong to that release\n");
            for (String line : Files.readAllLines(fileCommits, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                out.append("#   ").append(parts[0]).append(" at commit ").append(parts[1]).append('\n');
            }
        }
        out.append("# Licence: field names and types are facts of the package's published field definitions, from which"
                + " dac derives its own table; none of the package's files (Copyright Elasticsearch B.V., under its"
                + " repository's licence) is copied.\n");
        out.append("# ECS fields (entries marked external: ecs, and the streams' ecs.yml files) are left out: the ECS"
                + " table answers for them. Aliases carry the type of their target.\n");
        out.append("# Regenerate with: make integration-table INTEGRATION_PACKAGE=path/to/packages/").append(name)
                .append(" INTEGRATION_REPO=... INTEGRATION_PATH=... INTEGRATION_COMMIT=...\n");
        List<Path> streams = dataStreams(packageDir);
        for (Path stream : streams) {
            if (!dynamicMapping(stream)) {
                out.append("# ").append(IntegrationFields.NOT_DYNAMIC_PREFIX).append(indexPattern(name, stream))
                        .append('\n');
            }
        }
        for (Path stream : streams) {
            String indexPattern = indexPattern(name, stream);
            for (Map.Entry<String, String> field : streamFields(stream).entrySet()) {
                out.append(indexPattern).append('\t').append(field.getKey()).append('\t').append(field.getValue())
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static List<Path> dataStreams(Path packageDir) throws IOException {
        Path dir = packageDir.resolve("data_stream");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(packageDir + " has no data_stream folder: is it a package directory?");
        }
        try (Stream<Path> streams = Files.list(dir)) {
            return streams.filter(s -> Files.isDirectory(s.resolve("fields"))).sorted().toList();
        }
    }

    /** {@code <type>-<dataset>-*}; Fleet's defaults are type logs and dataset {@code <package>.<stream>}. */
    static String indexPattern(String packageName, Path stream) {
        JsonNode manifest = streamManifest(stream);
        String type = manifest.path("type").asString("logs");
        String dataset = manifest.path("dataset").asString(packageName + "." + stream.getFileName());
        return type + "-" + dataset + "-*";
    }

    /**
     * False when the stream's manifest maps its indices with {@code dynamic: false} (Elastic Defend does): fields
     * the table does not list are then not indexed, even under an object field.
     */
    static boolean dynamicMapping(Path stream) {
        JsonNode dynamic = streamManifest(stream).path("elasticsearch").path("index_template").path("mappings")
                .path("dynamic");
        return !(dynamic.isBoolean() && !dynamic.asBoolean()) && !dynamic.asString("").equals("false");
    }

    private static JsonNode streamManifest(Path stream) {
        Path manifestFile = stream.resolve("manifest.yml");
        return Files.exists(manifestFile) ? yaml(manifestFile) : YAML.createObjectNode();
    }

    /** The stream's fields in file order (files sorted by name), each with its Elasticsearch type. */
    static Map<String, String> streamFields(Path stream) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(stream.resolve("fields"))) {
            // ecs.yml lists the ECS fields a stream uses (external: ecs, or ECS definitions copied in by older
            // packages); the ECS table answers for those
            files = list.filter(f -> fieldFileName(f).endsWith(".yml"))
                    .filter(f -> !fieldFileName(f).equals("ecs.yml")).sorted().toList();
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Path file : files) {
            JsonNode entries = yaml(linkTarget(file));
            flatten(entries, "", file, types, aliases);
        }
        aliases.forEach((alias, target) -> {
            String type = types.get(target);
            if (type == null) {
                throw new IllegalStateException(stream + ": alias " + alias + " points at " + target
                        + ", which the stream does not define");
            }
            types.put(alias, type);
        });
        return types;
    }

    /** The name a field file has in the built package: {@code winlog.yml} for {@code winlog.yml.link}. */
    private static String fieldFileName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".link") ? name.substring(0, name.length() - ".link".length()) : name;
    }

    /**
     * The file a field file stands for: itself, or for a {@code .link} file (elastic-package's shared files) the
     * file its first word names, relative to the link's folder.
     */
    private static Path linkTarget(Path file) {
        if (!file.getFileName().toString().endsWith(".link")) {
            return file;
        }
        try {
            String target = Files.readString(file, StandardCharsets.UTF_8).strip().split("\\s+")[0];
            return file.getParent().resolve(target).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void flatten(JsonNode entries, String prefix, Path file, Map<String, String> types,
            Map<String, String> aliases) {
        for (JsonNode entry : entries) {
            String name = prefix + entry.path("name").asString();
            if (entry.path("external").asString("").equals("ecs")) {
                continue;
            }
            String type = entry.path("type").asString(entry.has("fields") ? "group" : "");
            if (type.isEmpty()) {
                throw new IllegalStateException(file + ": field " + name + " has no type");
            }
            switch (type) {
                case "group" -> flatten(entry.path("fields"), name + ".", file, types, aliases);
                case "alias" -> aliases.put(name, entry.path("path").asString());
                default -> {
                    put(types, name, type, file);
                    for (JsonNode multi : entry.path("multi_fields")) {
                        put(types, name + "." + multi.path("name").asString(), multi.path("type").asString(), file);
                    }
                    // object and nested fields may list their properties under fields, as groups do
                    flatten(entry.path("fields"), name + ".", file, types, aliases);
                }
            }
        }
    }

    private static void put(Map<String, String> types, String name, String type, Path file) {
        String earlier = types.putIfAbsent(name, type);
        if (earlier != null && !earlier.equals(type)) {
            throw new IllegalStateException(file + ": field " + name + " is " + type + " here and " + earlier
                    + " in an earlier file of the stream");
        }
    }

    private static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
