package dev.dac.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes dac's integration package table ({@code src/main/resources/dev/dac/deploy/integration-packages.tsv}) from the
 * integration manifests detection-rules keeps ({@code detection_rules/etc/integration-manifests.json.gz}, as
 * extracted to JSON: package → version → kibana range and policy templates): one line per package version with the
 * Kibana versions it supports and its policy templates. Run it with {@code make integration-packages}.
 */
public final class IntegrationTableGenerator {

    private IntegrationTableGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: IntegrationTableGenerator INTEGRATION_MANIFESTS_JSON OUT_TSV");
            System.exit(2);
        }
        Files.writeString(Path.of(args[1]), generate(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    static String generate(Path manifests) throws IOException {
        JsonNode packages = JsonMapper.builder().build().readTree(Files.readString(manifests, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        out.append("# Elastic integration packages: version, supported Kibana versions, policy templates.\n");
        out.append("# Derived by dac from elastic/detection-rules detection_rules/etc/integration-manifests.json.gz,"
                + " itself from the packages' manifests (Elastic License 2.0, Copyright Elasticsearch B.V.).\n");
        out.append("# Regenerate with: make integration-packages INTEGRATION_MANIFESTS=path/to/integration-manifests.json\n");
        for (Map.Entry<String, JsonNode> pkg : packages.properties()) {
            for (Map.Entry<String, JsonNode> version : pkg.getValue().properties()) {
                List<String> templates = new ArrayList<>();
                version.getValue().path("policy_templates").forEach(t -> templates.add(t.asString()));
                out.append(pkg.getKey()).append('\t').append(version.getKey()).append('\t')
                        .append(version.getValue().path("kibana").asString()).append('\t')
                        .append(String.join(",", templates)).append('\n');
            }
        }
        return out.toString();
    }
}
