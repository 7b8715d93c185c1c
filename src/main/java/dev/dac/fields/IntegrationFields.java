package dev.dac.fields;

import dev.dac.rule.NamePattern;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * The fields of the Elastic integration packages detection rules read most (Elastic Defend, Windows, System, AWS,
 * Azure, Microsoft 365, Okta, Google Cloud, Kubernetes, Google Workspace, GitHub, Network Packet Capture), from the
 * tables dac keeps in {@code integrations/<package>.tsv} (generated from each package's field definitions; see the
 * README). For an index pattern it answers the fields of
 * the packages' data streams the pattern matches, and which packages those are, so a caller can tell a field missing
 * from a package dac knows (a typo, or a field of a later package version) from a field of an index dac knows
 * nothing of. The packages' ECS fields are not in the tables ({@link EcsFields} answers for them), except Elastic
 * Defend's, which defines every field of its streams itself.
 */
public final class IntegrationFields {

    static final String PACKAGE_PREFIX = "Integration package ";
    static final String NOT_DYNAMIC_PREFIX = "Mapped with dynamic false: ";
    private static final String FOLDER = "integrations/";

    /** Every table kept in {@code integrations/}; a test checks this list against the folder so none is forgotten. */
    public static final List<String> PACKAGES =
            List.of("aws", "azure", "endpoint", "gcp", "github", "google_workspace", "kubernetes", "network_traffic",
                    "o365", "okta", "system", "windows");

    /**
     * One data stream: its package, the index pattern of its indices ({@code logs-aws.cloudtrail-*}), its fields with
     * their Elasticsearch types in the package's order, and whether its indices map fields the table does not list
     * (true unless the package maps them with {@code dynamic: false}, as Elastic Defend does).
     */
    public record DataStream(String packageName, String indexPattern, Map<String, String> types, boolean dynamic) {

        public DataStream {
            types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        }

        /** The stream's dataset, its index pattern without type and namespace ({@code aws.cloudtrail}). */
        public String dataset() {
            return indexPattern.substring(indexPattern.indexOf('-') + 1, indexPattern.length() - 2);
        }

        /**
         * True when {@code queryPattern} names indices of this stream: the pattern matches, or can still match once
         * a namespace is added to, the stream's name up to its namespace ({@code logs-aws.cloudtrail-}).
         */
        public boolean matchedBy(String queryPattern) {
            String streamPrefix = indexPattern.substring(0, indexPattern.length() - 1);
            Matcher matcher = NamePattern.compile(queryPattern).matcher(streamPrefix);
            return matcher.matches() || matcher.hitEnd();
        }
    }

    /**
     * One package: its name, the version the table was generated from, its data streams and its namespaces (the
     * first parts of its field names that are not ECS field sets, such as {@code aws} or {@code winlog}).
     */
    public record IntegrationPackage(String name, String version, List<DataStream> dataStreams,
            Set<String> namespaces) {
        public IntegrationPackage {
            dataStreams = List.copyOf(dataStreams);
            namespaces = Collections.unmodifiableSet(new TreeSet<>(namespaces));
        }
    }

    /**
     * What an index pattern (or several) covers: the fields (those with a {@code *} in their name apart, as
     * {@code wildcardFields}), the packages and the data streams it matches, and the object fields of dynamically
     * mapped streams, under which a package's ingest pipeline may put keys the table cannot list
     * ({@code winlog.event_data} with its keyword sub-fields).
     */
    public record Resolved(FieldMap fields, Map<String, String> wildcardFields, Set<String> openObjects,
            List<IntegrationPackage> packages, List<String> dataStreams) {

        /** No data stream. */
        public static final Resolved NONE = new Resolved(FieldMap.EMPTY, Map.of(), Set.of(), List.of(), List.of());

        public Resolved {
            wildcardFields = Collections.unmodifiableMap(new LinkedHashMap<>(wildcardFields));
            openObjects = Collections.unmodifiableSet(new TreeSet<>(openObjects));
            packages = List.copyOf(packages);
            dataStreams = List.copyOf(dataStreams);
        }

        /** The type of the wildcard-named field ({@code o365.audit.Parameters.*}) that {@code fieldName} matches. */
        public Optional<String> wildcardType(String fieldName) {
            return wildcardFields.entrySet().stream()
                    .filter(w -> NamePattern.compile(w.getKey()).matcher(fieldName).matches())
                    .map(Map.Entry::getValue).findFirst();
        }

        /**
         * True when {@code fieldName} lies under an object field of a dynamically mapped stream or a wildcard-named
         * object, so the indices may hold it though the table does not name it.
         */
        public boolean isUnderOpenObject(String fieldName) {
            if ("object".equals(wildcardType(fieldName).orElse(null))) {
                return true;
            }
            for (int dot = fieldName.lastIndexOf('.'); dot > 0; dot = fieldName.lastIndexOf('.', dot - 1)) {
                String parent = fieldName.substring(0, dot);
                if (openObjects.contains(parent) || "object".equals(wildcardType(parent).orElse(null))) {
                    return true;
                }
            }
            return false;
        }

        public boolean isEmpty() {
            return dataStreams.isEmpty();
        }

        /**
         * The covered package whose namespace {@code fieldName} is in ({@code aws.cloudtrail.foo} → aws), so that a
         * field the map lacks can be reported as missing from that package rather than as unknown.
         */
        public Optional<IntegrationPackage> packageOwning(String fieldName) {
            int dot = fieldName.indexOf('.');
            String first = dot < 0 ? fieldName : fieldName.substring(0, dot);
            return packages.stream().filter(p -> p.namespaces().contains(first)).findFirst();
        }
    }

    private final List<IntegrationPackage> packages;

    private IntegrationFields(List<IntegrationPackage> packages) {
        this.packages = List.copyOf(packages);
    }

    public static IntegrationFields load() {
        Set<String> ecsFieldSets = fieldSets(EcsFields.load().types().keySet());
        List<IntegrationPackage> packages = new ArrayList<>();
        for (String name : PACKAGES) {
            String resource = FOLDER + name + ".tsv";
            try (InputStream in = IntegrationFields.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the build");
                }
                packages.add(read(resource, in, ecsFieldSets));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new IntegrationFields(packages);
    }

    static IntegrationPackage read(String source, InputStream in, Set<String> ecsFieldSets) throws IOException {
        String name = null;
        String version = null;
        Map<String, Map<String, String>> streams = new LinkedHashMap<>();
        Set<String> notDynamic = new TreeSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.startsWith("# " + NOT_DYNAMIC_PREFIX)) {
                notDynamic.add(line.substring(("# " + NOT_DYNAMIC_PREFIX).length()).strip());
            } else if (line.startsWith("# " + PACKAGE_PREFIX)) {
                String[] nameAndVersion = line.substring(("# " + PACKAGE_PREFIX).length()).strip().split(" ");
                name = nameAndVersion[0];
                version = nameAndVersion.length > 1 ? nameAndVersion[1] : null;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] columns = line.split("\t");
                if (columns.length != 3) {
                    throw new IllegalStateException(source + " line " + lineNumber
                            + ": expected index pattern, field and type separated by tabs");
                }
                streams.computeIfAbsent(columns[0], k -> new LinkedHashMap<>()).put(columns[1], columns[2]);
            }
        }
        if (name == null || version == null) {
            throw new IllegalStateException(source + " does not say which package and version it holds");
        }
        String packageName = name;
        List<DataStream> dataStreams = new ArrayList<>();
        Set<String> allFields = new LinkedHashSet<>();
        streams.forEach((pattern, types) -> {
            dataStreams.add(new DataStream(packageName, pattern, types, !notDynamic.contains(pattern)));
            allFields.addAll(types.keySet());
        });
        Set<String> namespaces = fieldSets(allFields);
        namespaces.removeAll(ecsFieldSets);
        return new IntegrationPackage(name, version, dataStreams, namespaces);
    }

    private static Set<String> fieldSets(Set<String> fieldNames) {
        Set<String> firstParts = new TreeSet<>();
        for (String field : fieldNames) {
            int dot = field.indexOf('.');
            firstParts.add(dot < 0 ? field : field.substring(0, dot));
        }
        return firstParts;
    }

    public List<IntegrationPackage> packages() {
        return packages;
    }

    public Optional<IntegrationPackage> integrationPackage(String name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The data stream of {@code dataset} ({@code kubernetes.audit_logs}) in a table dac keeps. */
    public Optional<DataStream> dataStream(String dataset) {
        return packages.stream().flatMap(p -> p.dataStreams().stream()).filter(s -> s.dataset().equals(dataset))
                .findFirst();
    }

    public Resolved forPattern(String indexPattern) {
        return forPatterns(List.of(indexPattern));
    }

    /**
     * The fields of every data stream the patterns match; a field two streams type differently keeps the type of
     * the first (packages in name order, streams in table order). Exclusions ({@code -logs-x-*}) add nothing.
     */
    public Resolved forPatterns(List<String> indexPatterns) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> wildcards = new LinkedHashMap<>();
        Set<String> openObjects = new TreeSet<>();
        List<IntegrationPackage> covered = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        for (IntegrationPackage pkg : packages) {
            for (DataStream stream : pkg.dataStreams()) {
                if (indexPatterns.stream().noneMatch(p -> !p.startsWith("-") && stream.matchedBy(p))) {
                    continue;
                }
                matched.add(stream.indexPattern());
                stream.types().forEach((name, type) -> {
                    (name.contains("*") ? wildcards : types).putIfAbsent(name, type);
                    if (stream.dynamic() && type.equals("object")) {
                        openObjects.add(name);
                    }
                });
                if (!covered.contains(pkg)) {
                    covered.add(pkg);
                }
            }
        }
        FieldMap fields = types.isEmpty() ? FieldMap.EMPTY : FieldMap.fromMapping(FlatFieldMapping.of(types));
        return new Resolved(fields, wildcards, openObjects, covered, matched);
    }
}
