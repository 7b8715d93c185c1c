package dev.dac.eql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EQL queries of the public elastic/detection-rules repository (commit 14cf530f0d2177023092449cd9d9348b4a8884c2):
 * every rule with language "eql" under rules/ and rules_building_block/, one JSON object a line with its path, type,
 * index patterns, [metadata] integration and query, extracted from the rule files with a TOML reader.
 */
public final class PublicEqlRules {

    public record PublicRule(String path, String type, List<String> index, List<String> integration, String query) {}

    private PublicEqlRules() {}

    public static List<PublicRule> all() {
        JsonMapper json = JsonMapper.builder().build();
        List<PublicRule> rules = new ArrayList<>();
        try (InputStream in = PublicEqlRules.class.getResourceAsStream("detection-rules-eql.jsonl.gz");
                BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                        StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode rule = json.readTree(line);
                List<String> index = new ArrayList<>();
                rule.get("index").forEach(i -> index.add(i.asString()));
                List<String> integration = new ArrayList<>();
                rule.get("integration").forEach(i -> integration.add(i.asString()));
                rules.add(new PublicRule(rule.get("path").asString(), rule.get("type").asString(), index,
                        integration, rule.get("query").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }
}
