package dev.dac.fields;

import dev.dac.rule.NamePattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The index templates dac keeps in {@code schemas/index-templates/}: for each kind of index the rules read, its
 * index patterns, settings and mapping. They give KQL its field types and the test harness its indices.
 */
public final class IndexTemplates {

    /** Every template file; a test checks this list against the folder so none is forgotten. */
    public static final List<String> FILES = List.of("logs-aws.cloudtrail.json", "alerts-security.json");

    /** One template: its file name, the index patterns it serves, and the whole template document. */
    public record IndexTemplate(String file, List<String> indexPatterns, JsonNode document) {

        public JsonNode mappings() {
            return document.path("template").path("mappings");
        }

        public JsonNode settings() {
            return document.path("template").path("settings");
        }

        /** True when every index {@code pattern} can name is one this template serves. */
        public boolean covers(String pattern) {
            return indexPatterns.stream().anyMatch(p -> NamePattern.compile(p).matcher(pattern).matches());
        }
    }

    private final List<IndexTemplate> templates;

    private IndexTemplates(List<IndexTemplate> templates) {
        this.templates = List.copyOf(templates);
    }

    public static IndexTemplates load() {
        ObjectMapper json = new ObjectMapper();
        List<IndexTemplate> templates = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = IndexTemplates.class.getClassLoader()
                    .getResourceAsStream("schemas/index-templates/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("schemas/index-templates/" + file + " is missing from the build");
                }
                JsonNode document = json.readTree(in);
                List<String> patterns = new ArrayList<>();
                document.path("index_patterns").forEach(p -> patterns.add(p.asString()));
                templates.add(new IndexTemplate(file, patterns, document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new IndexTemplates(templates);
    }

    /** Where a rules repository keeps its own index templates ({@code dac fields pull} writes there). */
    public static final String USER_FOLDER = "index-templates";

    /** A template file in a user's folder that cannot be used: the file and what is wrong with it. */
    public static final class UnusableTemplate extends RuntimeException {
        public UnusableTemplate(String message) {
            super(message);
        }
    }

    /**
     * The templates ({@code *.json}, in name order) in {@code folder}, a repository's own: none when it does not
     * exist. Each file is an index template as Elasticsearch takes it: {@code index_patterns} and
     * {@code template.mappings}.
     */
    public static IndexTemplates fromFolder(java.nio.file.Path folder) {
        if (!java.nio.file.Files.isDirectory(folder)) {
            return new IndexTemplates(List.of());
        }
        ObjectMapper json = new ObjectMapper();
        List<IndexTemplate> templates = new ArrayList<>();
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .toList()) {
                JsonNode document;
                try {
                    document = json.readTree(file.toFile());
                } catch (RuntimeException e) {
                    throw new UnusableTemplate(file + " is not a JSON index template: " + e.getMessage());
                }
                List<String> patterns = new ArrayList<>();
                document.path("index_patterns").forEach(p -> patterns.add(p.asString("")));
                if (patterns.isEmpty() || patterns.contains("") || !document.path("template").path("mappings")
                        .isObject()) {
                    throw new UnusableTemplate(file + " needs \"index_patterns\" (an array of strings) and"
                            + " \"template\": {\"mappings\": {...}}, as an Elasticsearch index template has");
                }
                templates.add(new IndexTemplate(file.getFileName().toString(), patterns, document));
            }
        } catch (IOException e) {
            throw new UnusableTemplate("cannot read " + folder + ": " + e.getMessage());
        }
        return new IndexTemplates(templates);
    }

    public List<IndexTemplate> all() {
        return templates;
    }

    /** The template serving every index {@code pattern} names, if dac has one. */
    public Optional<IndexTemplate> forPattern(String pattern) {
        return templates.stream().filter(t -> t.covers(pattern)).findFirst();
    }

}
