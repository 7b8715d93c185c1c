package dev.dac.fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Field maps for index patterns, from the index templates dac keeps. */
public final class IndexFieldMaps {

    /** The fields of the patterns dac knows, and the patterns it has no template for. */
    public record Resolved(FieldMap fields, List<String> unknownPatterns) {
        public Resolved {
            unknownPatterns = List.copyOf(unknownPatterns);
        }

        public boolean complete() {
            return unknownPatterns.isEmpty();
        }
    }

    private final IndexTemplates templates;
    private final Map<String, FieldMap> byTemplate = new LinkedHashMap<>();

    public IndexFieldMaps(IndexTemplates templates) {
        this.templates = templates;
        templates.all().forEach(t -> byTemplate.put(t.file(), FieldMap.fromMapping(t.mappings())));
    }

    public static IndexFieldMaps load() {
        return new IndexFieldMaps(IndexTemplates.load());
    }

    public Resolved forPatterns(List<String> patterns) {
        FieldMap fields = FieldMap.EMPTY;
        List<String> unknown = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.startsWith("-")) {
                continue; // an exclusion adds no fields
            }
            Optional<IndexTemplates.IndexTemplate> template = templates.forPattern(pattern);
            if (template.isPresent()) {
                fields = fields.merge(byTemplate.get(template.get().file()));
            } else {
                unknown.add(pattern);
            }
        }
        return new Resolved(fields, unknown);
    }
}
