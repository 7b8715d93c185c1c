package dev.dac.fields;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which fields, of which type, an index pattern has: the one place every field check and the test harness ask.
 * Sources, strongest first: the index templates of the user's repository, the templates dac keeps
 * ({@code schemas/index-templates/}), the field tables of the integration packages dac keeps ({@link IntegrationFields}),
 * and ECS for the index families that follow it ({@code logs-*}, Beats indices, the security alerts indices). A
 * template is exact for the indices it serves, and so is the table of a package that maps with {@code dynamic: false}
 * (Elastic Defend); the other tables may be incomplete, and ECS alone is not exact, because an integration adds
 * fields of its own that ECS does not list.
 */
public final class FieldCatalog {

    /** How well dac knows the fields of one index pattern. */
    public enum Knowledge {
        /** A template serves every index the pattern names: a field it lacks does not exist there. */
        TEMPLATE,
        /**
         * The pattern names data streams of a package that maps them with {@code dynamic: false} (Elastic Defend), and
         * dac keeps its whole table: a field it lacks is not searchable there.
         */
        INTEGRATION_COMPLETE,
        /**
         * The pattern names data streams of an integration package dac keeps a table of ({@code logs-aws.*}); the
         * table may lack fields of the package, so a field it lacks may still exist. ECS applies too.
         */
        INTEGRATION,
        /** The pattern follows ECS, and no template or table serves it: ECS fields are known, others may not be. */
        ECS,
        /** Nothing is known about the pattern's fields. */
        NONE;

        /** True when a field this source lacks does not exist in the pattern's indices. */
        public boolean exact() {
            return this == TEMPLATE || this == INTEGRATION_COMPLETE;
        }
    }

    /** How sure dac is that a field it does not know is a mistake. */
    public enum Certainty {
        /** The field cannot be in the indices: fail. */
        ABSENT,
        /** dac does not know the field, but its sources may be incomplete: warn. */
        UNCONFIRMED
    }

    /** A field the catalog does not know for the rule's indices: how sure, and why, in a sentence for the user. */
    public record MissingField(String field, Certainty certainty, String message) {}

    /** The fields of a list of index patterns, and how well each pattern is known. */
    public record Coverage(FieldMap fields, Map<String, Knowledge> patterns, IntegrationFields.Resolved integrations,
            FieldCatalog catalog) {

        public Coverage {
            patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        }

        /** A mapping known exactly, as a template is: every field it lacks is a mistake. */
        public static Coverage of(FieldMap fields) {
            return new Coverage(fields, Map.of("(the given mapping)", Knowledge.TEMPLATE),
                    IntegrationFields.Resolved.NONE, UNCACHED);
        }

        /** True when every pattern is served by an exact source, so a field missing from {@link #fields()} is a mistake. */
        public boolean exact() {
            return !patterns.isEmpty() && patterns.values().stream().allMatch(Knowledge::exact);
        }

        /** True when ECS applies to at least one pattern, so a misspelt ECS field can be recognised. */
        public boolean followsEcs() {
            return patterns.values().stream().anyMatch(k -> k != Knowledge.NONE);
        }

        public List<String> unknownPatterns() {
            return patterns.entrySet().stream().filter(e -> e.getValue() == Knowledge.NONE).map(Map.Entry::getKey)
                    .toList();
        }

        /**
         * Why {@code field} (a dotted name, or a name with {@code *}) is not known to be in the patterns' indices, or
         * empty when it is known, may lie under an object that takes any key, or some pattern is not known at all
         * (then nothing can be said of any field; {@link #unknownPatterns()} names the patterns).
         */
        public Optional<MissingField> missing(String field) {
            if (!fields.matching(FieldNames.matcher(field)).isEmpty() || fields.isInsideFlattened(field)
                    || integrations.wildcardType(field).isPresent() || integrations.isUnderOpenObject(field)
                    || !unknownPatterns().isEmpty() || patterns.isEmpty()) {
                return Optional.empty();
            }
            String suggestion = catalog == null ? "" : catalog.closest(field, patterns.keySet(), fields)
                    .map(s -> "; did you mean '" + s + "'?").orElse("");
            if (exact()) {
                return Optional.of(new MissingField(field, Certainty.ABSENT, "field '" + field + "' is not in the"
                        + " mapping of the rule's indices, so it never matches" + suggestion));
            }
            Optional<IntegrationFields.IntegrationPackage> owner = integrations.packageOwning(field);
            if (owner.isPresent()) {
                IntegrationFields.IntegrationPackage pkg = owner.get();
                return Optional.of(new MissingField(field, Certainty.UNCONFIRMED, "field '" + field + "' is not in"
                        + " dac's table of integration package " + pkg.name() + " " + pkg.version() + " for the rule's"
                        + " indices; the table may be incomplete, so check the name" + suggestion));
            }
            if (catalog.isMisspeltEcs(field)) {
                return Optional.of(new MissingField(field, Certainty.ABSENT, "field '" + field + "' is not an ECS "
                        + catalog.ecsVersion() + " field, though '" + field.substring(0, field.lastIndexOf('.'))
                        + "' is an ECS object, and no table dac keeps for the rule's indices has it" + suggestion));
            }
            return Optional.of(new MissingField(field, Certainty.UNCONFIRMED, "field '" + field + "' is neither an"
                    + " ECS field nor in a field table dac keeps for the rule's indices; dac cannot tell whether it"
                    + " exists" + suggestion));
        }
    }

    /**
     * The index families whose documents follow ECS: Elastic Agent data streams, Beats indices, and the security
     * alerts indices (Kibana's alerts mapping holds the ECS fields of the events alerts copy).
     */
    static final List<String> ECS_FAMILIES = List.of("logs-", "metrics-", "traces-", "filebeat-", "winlogbeat-",
            "auditbeat-", "packetbeat-", "metricbeat-", "heartbeat-", "functionbeat-", "endgame-",
            ".alerts-security.", ".preview.alerts-security.", ".siem-signals-");

    /** A catalog with no sources, for a coverage built from a given mapping: it only spells names. */
    private static final FieldCatalog UNCACHED = new FieldCatalog(List.of(), null, null);

    private final List<IndexTemplates> templates;
    /** Suggestions already worked out, by index patterns and field: rules of one package repeat the same fields. */
    private final Map<List<Object>, Optional<String>> suggestions = new ConcurrentHashMap<>();
    private final Map<IndexTemplates.IndexTemplate, FieldMap> templateFields = new LinkedHashMap<>();
    private final EcsFields ecs;
    private final FieldMap ecsFields;
    private final IntegrationFields integrations;
    private final Set<String> ecsFieldSets = new TreeSet<>();
    private final Set<String> ecsObjects = new TreeSet<>();

    /** {@code templates} strongest first (the user's before dac's). */
    public FieldCatalog(List<IndexTemplates> templates, EcsFields ecs, IntegrationFields integrations) {
        this.templates = List.copyOf(templates);
        this.ecs = ecs;
        this.integrations = integrations;
        this.ecsFields = ecs == null ? FieldMap.EMPTY : FieldMap.fromMapping(ecs.mapping());
        for (String name : ecs == null ? Set.<String>of() : ecs.types().keySet()) {
            ecsFieldSets.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                ecsObjects.add(name.substring(0, dot));
            }
        }
        for (IndexTemplates source : this.templates) {
            source.all().forEach(t -> templateFields.put(t, FieldMap.fromMapping(t.mappings())));
        }
    }

    /** dac's own templates, integration tables and ECS (read once; the catalog is immutable). */
    public static FieldCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    private static final class BuiltIn {
        static final FieldCatalog CATALOG =
                new FieldCatalog(List.of(IndexTemplates.load()), EcsFields.load(), IntegrationFields.load());
    }

    /**
     * The catalog of a rules repository at {@code root}: its own templates in {@code index-templates/} (written by
     * {@code dac fields pull}, or by hand) before dac's, and ECS.
     */
    public static FieldCatalog forRepository(java.nio.file.Path root) {
        IndexTemplates own = IndexTemplates.fromFolder(root.resolve(IndexTemplates.USER_FOLDER));
        if (own.all().isEmpty()) {
            return builtIn();
        }
        // ECS and the integration tables are the built-in catalog's: read once per JVM, whatever the repository adds
        FieldCatalog builtIn = builtIn();
        return new FieldCatalog(List.of(own, IndexTemplates.load()), builtIn.ecs, builtIn.integrations);
    }

    /** The integration packages' field tables this catalog reads. */
    public IntegrationFields integrations() {
        return integrations;
    }

    public String ecsVersion() {
        return ecs.version();
    }

    public Coverage forPatterns(List<String> patterns) {
        FieldMap fields = FieldMap.EMPTY;
        Map<String, Knowledge> knowledge = new LinkedHashMap<>();
        List<String> included = patterns.stream().filter(p -> !p.startsWith("-")).toList(); // exclusions add nothing
        for (String pattern : included) {
            boolean ecsApplies = followsEcs(pattern);
            Optional<IndexTemplates.IndexTemplate> template = template(pattern);
            IntegrationFields.Resolved table = integrations.forPattern(pattern);
            if (template.isPresent()) {
                fields = fields.merge(templateFields.get(template.get()));
                knowledge.put(pattern, Knowledge.TEMPLATE);
            } else {
                // a table's types win over ECS's: Elastic Defend types its ECS fields itself
                fields = fields.merge(table.fields());
                knowledge.put(pattern, integrationKnowledge(pattern, table).orElse(ecsApplies ? Knowledge.ECS
                        : Knowledge.NONE));
            }
            if (ecsApplies) {
                fields = fields.merge(ecsFields); // the receiver's types win
            }
        }
        IntegrationFields.Resolved tables = integrations.forPatterns(
                included.stream().filter(p -> knowledge.get(p) != Knowledge.TEMPLATE).toList());
        return new Coverage(fields, knowledge, tables, this);
    }

    /**
     * Whether {@code pattern} names only data streams of one package dac keeps a table of: it sits inside the
     * package's dataset prefix ({@code logs-aws.*}, {@code logs-endpoint.events.process-*}), not across packages
     * ({@code logs-*}, whose other indices no table knows).
     */
    private static Optional<Knowledge> integrationKnowledge(String pattern, IntegrationFields.Resolved table) {
        if (table.isEmpty() || table.packages().size() != 1) {
            return Optional.empty();
        }
        String name = table.packages().get(0).name();
        String bare = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!bare.startsWith("logs-" + name + ".") && !bare.equals("logs-" + name)) {
            return Optional.empty();
        }
        boolean allClosed = table.packages().get(0).dataStreams().stream()
                .filter(s -> table.dataStreams().contains(s.indexPattern())).noneMatch(IntegrationFields.DataStream::dynamic);
        return Optional.of(allClosed ? Knowledge.INTEGRATION_COMPLETE : Knowledge.INTEGRATION);
    }

    /**
     * The mapping a test index named {@code index} gets from the catalog when no template serves it: the fields of
     * its integration table and of ECS, each type passed through {@code localType} (the local node lacks some; null
     * leaves the field out), or empty when nothing is known of the index.
     */
    public Optional<ObjectNode> mappingFor(String index, UnaryOperator<String> localType) {
        Coverage coverage = forPatterns(List.of(index));
        if (coverage.patterns().get(index) == Knowledge.NONE) {
            return Optional.empty();
        }
        Map<String, String> types = new LinkedHashMap<>();
        coverage.fields().nestedPaths().forEach(path -> types.put(path, "nested"));
        for (FieldMap.Field field : coverage.fields().fields().values()) {
            String type = localType.apply(field.esType());
            if (type != null) {
                types.put(field.name(), type);
            }
        }
        return Optional.of(FlatFieldMapping.of(types));
    }

    /** The known field of {@code fields} closest in spelling to {@code field}, worked out once per patterns and field. */
    Optional<String> closest(String field, Set<String> patterns, FieldMap fields) {
        if (this == UNCACHED) {
            return FieldNames.closest(field, fields.fields().keySet());
        }
        return suggestions.computeIfAbsent(List.of(List.copyOf(patterns), field),
                key -> FieldNames.closest(field, fields.fields().keySet()));
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

    /**
     * True when {@code field} is not an ECS field but its parent is an ECS object ({@code process.nmae},
     * {@code source.geo.citty}): ECS leaves no room there for other fields, so it is a typo. A field under an object
     * ECS does not define ({@code process.Ext.token}, an Endgame field) is not taken for one.
     */
    public boolean isMisspeltEcs(String field) {
        int dot = field.lastIndexOf('.');
        return !isEcs(field) && dot > 0 && ecsObjects.contains(field.substring(0, dot)) && !field.contains("*");
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
