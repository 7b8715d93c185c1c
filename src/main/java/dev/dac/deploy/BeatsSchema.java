package dev.dac.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Beats fields detection-rules types required fields from when a rule reads Beats indices
 * ({@code beats.get_schema_from_datasets}, {@code detection_rules/beats.py}), from the table dac keeps in
 * {@code beats-fields.tsv} (generated from detection-rules' Beats schema; see the README).
 */
final class BeatsSchema {

    private static final String RESOURCE = "beats-fields.tsv";

    /** beat → module ("" for the Beat's own) → dataset ("" for the module's own) → field → type. */
    private final Map<String, Map<String, Map<String, Map<String, String>>>> fields;

    private BeatsSchema(Map<String, Map<String, Map<String, Map<String, String>>>> fields) {
        this.fields = fields;
    }

    static BeatsSchema builtIn() {
        return BuiltIn.SCHEMA;
    }

    private static final class BuiltIn {
        static final BeatsSchema SCHEMA = load();
    }

    private static BeatsSchema load() {
        Map<String, Map<String, Map<String, Map<String, String>>>> fields = new HashMap<>();
        try (InputStream in = BeatsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c.length != 5) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": expected beat, module,"
                            + " dataset, field and type separated by tabs");
                }
                fields.computeIfAbsent(c[0], k -> new HashMap<>()).computeIfAbsent(c[1], k -> new HashMap<>())
                        .computeIfAbsent(c[2], k -> new LinkedHashMap<>()).put(c[3], c[4]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BeatsSchema(fields);
    }

    /**
     * The Beats of a rule's index patterns: the word before {@code -} of each pattern holding {@code beat-*}
     * ({@code beats.parse_beats_from_index}; a cluster prefix {@code remote:} is dropped).
     */
    static List<String> beatsOf(List<String> indexPatterns) {
        List<String> beats = new ArrayList<>();
        for (String index : indexPatterns) {
            if (index.contains("beat-*")) {
                String local = index.replace("::", ":");
                local = local.substring(local.indexOf(':') + 1);
                beats.add(local.split("-")[0]);
            }
        }
        return beats;
    }

    /**
     * The fields of {@code beats} with those of the modules the query names (or, naming none, the modules of its
     * datasets) and of those datasets, as {@code get_schema_from_datasets} merges them: later ones win.
     */
    Map<String, String> fieldsOf(List<String> beats, Collection<String> modules, Collection<String> datasets) {
        List<String> named = new ArrayList<>(modules);
        if (named.isEmpty()) {
            datasets.stream().filter(d -> d.contains(".")).map(d -> d.substring(0, d.indexOf('.')))
                    .filter(m -> !named.contains(m)).forEach(named::add);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String beat : beats) {
            Map<String, Map<String, Map<String, String>>> beatFields = fields.getOrDefault(beat, Map.of());
            out.putAll(beatFields.getOrDefault("", Map.of()).getOrDefault("", Map.of()));
            for (String rawModule : named) {
                String module = rawModule.replaceAll("^[\"' ]+|[\"' ]+$", "");
                Map<String, Map<String, String>> moduleFields = beatFields.getOrDefault(module, Map.of());
                // get_beats_sub_schema: the datasets named (all of the module's when none), then the module's own
                Collection<String> wanted = datasets.isEmpty()
                        ? moduleFields.keySet().stream().filter(d -> !d.isEmpty()).toList() : datasets;
                for (String dataset : wanted) {
                    String bare = dataset.startsWith(module + ".") ? dataset.substring(module.length() + 1) : dataset;
                    if (!bare.isEmpty()) {
                        out.putAll(moduleFields.getOrDefault(bare, Map.of()));
                    }
                }
                out.putAll(moduleFields.getOrDefault("", Map.of()));
            }
        }
        return out;
    }
}
