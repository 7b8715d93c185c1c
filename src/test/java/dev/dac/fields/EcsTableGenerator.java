package dev.dac.fields;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes dac's ECS field table ({@code src/main/resources/dev/dac/fields/ecs-fields.tsv}) from ECS's own flat
 * definition, {@code generated/ecs/ecs_flat.yml} of an elastic/ecs release: one line per field with its type, each
 * multi-field ({@code .text}, {@code .caseless}) on a line of its own. Run it with {@code make ecs-table}.
 */
public final class EcsTableGenerator {

    private EcsTableGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EcsTableGenerator ECS_FLAT_YML ECS_VERSION OUT_TSV");
            System.exit(2);
        }
        String table = generate(Path.of(args[0]), args[1]);
        Files.writeString(Path.of(args[2]), table, StandardCharsets.UTF_8);
    }

    static String generate(Path ecsFlat, String version) throws IOException {
        JsonNode fields = YAMLMapper.builder().build().readTree(Files.readString(ecsFlat, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        out.append("# ").append(EcsFields.VERSION_PREFIX).append(version).append('\n');
        out.append("# Field names and types of the Elastic Common Schema, derived by dac from elastic/ecs v")
                .append(version).append(" generated/ecs/ecs_flat.yml (Apache License 2.0, Copyright Elasticsearch B.V.).\n");
        out.append("# Regenerate with: make ecs-table ECS_FLAT=path/to/ecs_flat.yml ECS_VERSION=x.y.z\n");
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            JsonNode spec = field.getValue();
            String name = spec.path("flat_name").asString(field.getKey());
            out.append(name).append('\t').append(spec.path("type").asString()).append('\n');
            for (JsonNode multi : spec.path("multi_fields")) {
                out.append(multi.path("flat_name").asString(name + "." + multi.path("name").asString())).append('\t')
                        .append(multi.path("type").asString()).append('\n');
            }
        }
        return out.toString();
    }
}
