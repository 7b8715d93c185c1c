package dev.dac.fields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields, of which type, an index pattern has: the one place every field check and the test harness ask.
 * Sources, strongest first: the index templates of the user's repository, the templates dac keeps
 * ({@code schemas/index-templates/}), and ECS for the index families that follow it ({@code logs-*}, Beats indices,
 * the security alerts indices). A template is exact for the indices it serves; ECS alone is not, because an
 * integration adds fields of its own that ECS does not list.
 */
public final class FieldCatalog {

    /** How well dac knows the fields of one index pattern. */
    public enum Knowledge {
        /** A template serves every index the pattern names: a field it lacks does not exist there. */
        TEMPLATE,
        /** The pattern follows ECS, and no template serves it: ECS fields are known, integration fields may not be. */
        ECS,
        /** Nothing is known about the pattern's fields. */
        NONE
    }

    /** The fields of a list of index patterns, and how well each pattern is known. */
    public record Coverage(FieldMap fields, Map<String, Knowledge> patterns) {

        public Coverage {
            patterns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        }

        /** True when templates serve every pattern, so a field missing from {@link #fields()} is a mistake. */
        public boolean exact() {
            return !patterns.isEmpty() && patterns.values().stream().allMatch(k -> k == Knowledge.TEMPLATE);
        }

        /** True when ECS applies to at least one pattern, so a misspelt ECS field can be recognised. */
        public boolean followsEcs() {
            return patterns.values().stream().anyMatch(k -> k != Knowledge.NONE);
        }

        public List<String> unknownPatterns() {
            return patterns.entrySet().stream().filter(e -> e.getValue() == Knowledge.NONE).map(Map.Entry::getKey)
                    .toList();
        }
    }

    /**
     * The index families whose documents follow ECS: Elastic Agent data streams, Beats indices, and the security
     * alerts indices (Kibana's alerts mapping holds the ECS fields of the events alerts copy).
     */
    static final List<String> ECS_FAMILIES = List.of("logs-", "metrics-", "traces-", "filebeat-", "winlogbeat-",
            "auditbeat-", "packetbeat-", "metricbeat-", "heartbeat-", "functionbeat-", "endgame-",
            ".alerts-security.", ".preview.alerts-security.", ".siem-signals-");

    private final List<IndexTemplates> templates;
    private final Map<IndexTemplates.IndexTemplate, FieldMap> templateFields = new LinkedHashMap<>();
    private final EcsFields ecs;
    private final FieldMap ecsFields;
    private final Set<String> ecsFieldSets = new TreeSet<>();

    /** {@code templates} strongest first (the user's before dac's). */
    public FieldCatalog(List<IndexTemplates> templates, EcsFields ecs) {
        this.templates = List.copyOf(templates);
        this.ecs = ecs;
        this.ecsFields = FieldMap.fromMapping(ecs.mapping());
        ecs.types().keySet().forEach(name -> ecsFieldSets.add(name.contains(".")
                ? name.substring(0, name.indexOf('.')) : name));
        for (IndexTemplates source : this.templates) {
            source.all().forEach(t -> templateFields.put(t, FieldMap.fromMapping(t.mappings())));
        }
    }

    /** dac's own templates and ECS. */
    public static FieldCatalog builtIn() {
        return new FieldCatalog(List.of(IndexTemplates.load()), EcsFields.load());
    }

    /**
     * The catalog of a rules repository at {@code root}: its own templates in {@code index-templates/} (written by
     * {@code dac fields pull}, or by hand) before dac's, and ECS.
     */
    public static FieldCatalog forRepository(java.nio.file.Path root) {
        return new FieldCatalog(List.of(IndexTemplates.fromFolder(root.resolve(IndexTemplates.USER_FOLDER)),
                IndexTemplates.load()), EcsFields.load());
    }

    public String ecsVersion() {
        return ecs.version();
    }

    public Coverage forPatterns(List<String> patterns) {
        FieldMap fields = FieldMap.EMPTY;
        Map<String, Knowledge> knowledge = new LinkedHashMap<>();
        for (String pattern : patterns) {
            if (pattern.startsWith("-")) {
                continue; // an exclusion adds no fields
            }
            boolean ecsApplies = followsEcs(pattern);
            Optional<IndexTemplates.IndexTemplate> template = template(pattern);
            if (template.isPresent()) {
                fields = fields.merge(templateFields.get(template.get()));
                knowledge.put(pattern, Knowledge.TEMPLATE);
            } else {
                knowledge.put(pattern, ecsApplies ? Knowledge.ECS : Knowledge.NONE);
            }
            if (ecsApplies) {
                fields = fields.merge(ecsFields); // template types win: merge keeps the receiver's
            }
        }
        return new Coverage(fields, knowledge);
    }

    /** True when {@code field} starts with an ECS field set ({@code process.}, {@code source.}, ...). */
    public boolean inEcsFieldSet(String field) {
        int dot = field.indexOf('.');
        return ecsFieldSets.contains(dot < 0 ? field : field.substring(0, dot));
    }

    /** True when {@code field} is an ECS field (multi-fields included). */
    public boolean isEcs(String field) {
        return ecs.types().containsKey(field);
    }

    /** The template, of the strongest source, that serves every index {@code pattern} names. */
    public Optional<IndexTemplates.IndexTemplate> template(String pattern) {
        for (IndexTemplates source : templates) {
            Optional<IndexTemplates.IndexTemplate> found = source.forPattern(pattern);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** True when the indices {@code pattern} names follow ECS: it sits inside one of {@link #ECS_FAMILIES}. */
    static boolean followsEcs(String pattern) {
        for (String family : ECS_FAMILIES) {
            // "logs-*" and "logs-aws.*" start with the family; "winlogbeat*" is the family without its separator
            String bare = family.substring(0, family.length() - 1);
            if (pattern.startsWith(family) || pattern.equals(bare + "*")) {
                return true;
            }
        }
        return false;
    }
}
