package dev.dac.deploy;

import dev.dac.eql.EqlNode;
import dev.dac.eql.EqlParser;
import dev.dac.eql.EqlSyntaxException;
import dev.dac.eql.EqlWalk;
import dev.dac.fields.FieldCatalog;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlParser;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.kql.KqlValue;
import dev.dac.rule.RuleFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields detection-rules adds at build time ({@code _convert_add_related_integrations} and
 * {@code _convert_add_required_fields} in {@code detection_rules/rule.py}, {@code get_packaged_integrations},
 * {@code parse_datasets}; {@code detection_rules/beats.py} {@code get_datasets_and_modules}). A rule that sets them
 * keeps its own.
 *
 * <p>related_integrations: one row per package of [metadata] integration that the query's datasets do not already
 * name (packages without data streams, ES|QL rules, machine learning), plus one row per {@code event.dataset} /
 * {@code data_stream.dataset} value the query compares with ({@code package.integration}); each with
 * {@code ^<least compatible version>} ({@code >=} from stack 9.5.0 on) for the build's stack ({@link #DEFAULT_STACK}
 * unless given; the rule's min_stack_version when higher), and without {@code integration} when that version has no
 * such policy template. Datasets come from the KQL tree; for EQL
 * and ES|QL from {@code field == "value"} and {@code field in (...)} comparisons in the text. dac has no package
 * schemas, so it does not drop versions that lack the data stream, as detection-rules can.
 *
 * <p>required_fields: every field a KQL or EQL query reads, sorted, an ECS field with its ECS type
 * ({@link RequiredFieldEntry}), any other with the type detection-rules finds for it ({@link RequiredFieldSchema}:
 * from the data streams of the datasets the query names, else {@code unknown} but for Beats and Endgame indices). ES|QL: the columns the query returns ({@link EsqlRequiredFields}).
 */
final class BuildTimeFields {

    /**
     * The stack rules are built for unless told otherwise: the minor of the Elasticsearch dac tests rules on, at patch
     * 0 as detection-rules parses its package stack ("8.19" → 8.19.0).
     */
    public static final String DEFAULT_STACK = "8.19.0";

    /**
     * detection-rules' NON_DATASET_PACKAGES and MACHINE_LEARNING_PACKAGES
     * ({@code detection_rules/schemas/definitions.py}): a rule tagged with such a package names it in
     * related_integrations even when its query compares no dataset of it.
     */
    private static final Set<String> NON_DATASET_PACKAGES = Set.of("apm", "auditd_manager", "cloud_defend",
            "corelight", "endpoint", "jamf_protect", "network_traffic", "pfsense", "system", "windows",
            "sentinel_one_cloud_funnel", "ti_rapid7_threat_command", "m365_defender", "panw", "crowdstrike");
    private static final Set<String> ML_PACKAGES = Set.of("lmd", "dga", "ded", "problemchild", "beaconing", "pad");

    private static final Set<String> DATASET_FIELDS = Set.of("event.dataset", "data_stream.dataset");
    private static final String TEXT_DATASET = "(?:event|data_stream)\\.dataset";
    private static final String TEXT_MODULE = "event\\.module";
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final IntegrationPackages packages;
    private final FieldCatalog catalog;
    private final Map<String, String> ecsTypes;
    private final EsqlRequiredFields esqlRequiredFields;

    BuildTimeFields(IntegrationPackages packages, FieldCatalog catalog, Map<String, String> ecsTypes) {
        this.packages = packages;
        this.catalog = catalog;
        this.ecsTypes = ecsTypes;
        this.esqlRequiredFields = new EsqlRequiredFields(catalog, ecsTypes);
    }

    void add(RuleFile file, ObjectNode body, IntegrationPackages.SemVer stack) {
        KqlNode kql = kqlTree(body);
        if (body.path("related_integrations").isEmpty()) {
            ArrayNode related = relatedIntegrations(file, body, kql, stack(file, stack));
            if (!related.isEmpty()) {
                body.set("related_integrations", related);
            }
        }
        TreeSet<String> read = kql != null ? kqlFields(kql) : eqlFields(body);
        if (body.path("required_fields").isEmpty() && (read != null || isEsql(body))) {
            ArrayNode required = read != null ? requiredFields(body, kql, read)
                    : esqlRequiredFields.of(body.path("query").asString(""));
            if (!required.isEmpty()) {
                body.set("required_fields", required);
            }
        }
    }

    private static boolean isEsql(ObjectNode body) {
        return body.path("type").asString().equals("esql") && body.path("query").isString();
    }

    private static KqlNode kqlTree(ObjectNode body) {
        if (!"kuery".equals(body.path("language").asString("kuery")) || !body.path("query").isString()
                || body.path("type").asString().equals("esql") || body.path("type").asString().equals("eql")) {
            return null;
        }
        try {
            return KqlParser.parse(body.path("query").asString());
        } catch (KqlSyntaxException e) {
            return null; // dac validate reports the query; the body is built without derived fields
        }
    }

    ArrayNode relatedIntegrations(RuleFile file, ObjectNode body, KqlNode kql, IntegrationPackages.SemVer stack) {
        ArrayNode out = JSON.arrayNode();
        List<String> integrations = file.metadata() == null ? List.of() : file.metadata().integration();
        String type = body.path("type").asString();
        String language = body.path("language").asString("");
        if (integrations.isEmpty() || ("lucene".equals(language) && !"machine_learning".equals(type))) {
            return out;
        }
        TreeSet<String> datasets = kql != null ? kqlDatasets(kql) : textDatasets(body.path("query").asString(""), type);
        // rows as get_packaged_integrations lists them: metadata-only packages first, then datasets (sorted)
        List<String[]> rows = new ArrayList<>();
        for (String integration : integrations) {
            boolean rowNeeded = !datasets.contains(integration)
                    && datasets.stream().noneMatch(d -> d.startsWith(integration + "."));
            if ("machine_learning".equals(type) || ML_PACKAGES.contains(integration.toLowerCase())
                    || (rowNeeded && (NON_DATASET_PACKAGES.contains(integration) || "esql".equals(type)))) {
                rows.add(new String[] {integration, null});
            }
        }
        for (String dataset : datasets) {
            String pkg = dataset;
            String integration = "Unknown";
            int dot = dataset.indexOf('.');
            if (dot >= 0) {
                pkg = dataset.substring(0, dot);
                integration = dataset.substring(dot + 1);
                if (pkg.equals("endpoint") && integration.contains("events") && integration.contains(".")) {
                    integration = integration.split("\\.")[1];
                }
            }
            if (packages.has(pkg)) {
                rows.add(new String[] {pkg, integration});
            }
        }
        Map<String, ObjectNode> unique = new LinkedHashMap<>();
        for (String[] row : rows) {
            packages.leastCompatible(row[0], stack).ifPresent(version -> {
                ObjectNode entry = JSON.objectNode();
                entry.put("package", row[0]);
                if (row[1] != null && version.policyTemplates().contains(row[1])) {
                    entry.put("integration", row[1]);
                }
                entry.put("version", versionOperator(stack) + version.text());
                unique.putIfAbsent(PythonJson.dumps(entry), entry);
            });
        }
        unique.values().forEach(out::add);
        return out;
    }

    /** From this stack on, related_integrations give {@code >=} versions rather than caret ranges. */
    static final IntegrationPackages.SemVer GTE_OPERATOR_STACK = new IntegrationPackages.SemVer(9, 5, 0, "");

    /**
     * {@code _related_integration_version_operator} in detection-rules' {@code detection_rules/integrations.py}:
     * {@code >=} for a stack at or above 9.5.0, {@code ^} below (the {@code related_integrations_gte} emit transform of
     * {@code stack_emit.py} rewrites the same for 9.5 packages).
     */
    static String versionOperator(IntegrationPackages.SemVer stack) {
        return stack.compareTo(GTE_OPERATOR_STACK) >= 0 ? ">=" : "^";
    }

    /** The build's stack, or the rule's min_stack_version when that is higher. */
    private static IntegrationPackages.SemVer stack(RuleFile file, IntegrationPackages.SemVer build) {
        String min = file.metadata() == null ? null : file.metadata().minStackVersion();
        if (min == null || min.isBlank()) {
            return build;
        }
        try {
            IntegrationPackages.SemVer rule = IntegrationPackages.SemVer.parse(min);
            return rule.compareTo(build) > 0 ? rule : build;
        } catch (IllegalArgumentException e) {
            return build; // the schema reports a malformed min_stack_version
        }
    }

    private static TreeSet<String> kqlDatasets(KqlNode node) {
        return kqlValues(node, DATASET_FIELDS);
    }

    /** The string values the query compares {@code fields} with. */
    private static TreeSet<String> kqlValues(KqlNode node, Set<String> fields) {
        TreeSet<String> values = new TreeSet<>();
        walk(node, "", (field, value) -> {
            if (fields.contains(field) && value instanceof KqlValue.Literal literal
                    && literal.value() instanceof String text) {
                values.add(text);
            }
        });
        return values;
    }

    /**
     * The datasets an EQL or ES|QL query names. For EQL, only {@code ==} and {@code in} count: detection-rules reads
     * them from its EQL parse (beats.py get_datasets_and_modules takes comparisons and sets, not the {@code :}
     * match), so a {@code data_stream.dataset : (…)} leaves the metadata's packages as they are.
     */
    static TreeSet<String> textDatasets(String query, String type) {
        return textValues(query, TEXT_DATASET, !"eql".equals(type));
    }

    /** The values an EQL or ES|QL text compares {@code field} with ({@code ==}, {@code in}, and {@code :} if asked). */
    private static TreeSet<String> textValues(String query, String field, boolean colon) {
        TreeSet<String> values = new TreeSet<>();
        String equality = colon ? "(?:==|:)" : "==";
        String membership = colon ? "(?:in|:)" : "in";
        Matcher equals = Pattern.compile("\\b" + field + "\\s*" + equality + "\\s*\"([^\"]*)\"").matcher(query);
        while (equals.find()) {
            values.add(equals.group(1));
        }
        Matcher in = Pattern.compile("\\b" + field + "\\s*" + membership + "\\s*\\(([^)]*)\\)",
                Pattern.CASE_INSENSITIVE)
                .matcher(query);
        while (in.find()) {
            Matcher quoted = QUOTED.matcher(in.group(1));
            while (quoted.find()) {
                values.add(quoted.group(1));
            }
        }
        return values;
    }

    private static TreeSet<String> kqlFields(KqlNode kql) {
        TreeSet<String> fields = new TreeSet<>();
        walk(kql, "", (field, value) -> fields.add(field));
        return fields;
    }

    /**
     * Every field an EQL query reads (conditions, join keys, pipes; optional ?fields too), as detection-rules lists
     * them from its EQL parse; null when the rule is not EQL or its query does not parse.
     */
    private static TreeSet<String> eqlFields(ObjectNode body) {
        if (!"eql".equals(body.path("type").asString()) || !body.path("query").isString()) {
            return null;
        }
        String query = body.path("query").asString();
        try {
            TreeSet<String> fields = new TreeSet<>();
            EqlWalk.fields(EqlParser.parse(query)).forEach(f -> fields.add(asWritten(query, f)));
            return fields;
        } catch (EqlSyntaxException e) {
            return null; // dac validate reports the query; the body is built without derived fields
        }
    }

    /**
     * A field's name as detection-rules lists it: a name with a part written in backquotes keeps them
     * ({@code `kubernetes.audit.annotations.authorization_k8s_io/decision`},
     * {@code azure.auditlogs.properties.target_resources.`0`.display_name}), as the EQL parser of detection-rules
     * renders such a field, and is then neither ECS nor typed.
     */
    private static String asWritten(String query, EqlNode.Field field) {
        String text = query.substring(field.span().start().offset(), field.span().end().offset());
        String bare = text.startsWith("?") ? text.substring(1) : text;
        return bare.contains("`") ? bare : field.name();
    }

    private ArrayNode requiredFields(ObjectNode body, KqlNode kql, TreeSet<String> fields) {
        List<String> index = new ArrayList<>();
        body.path("index").forEach(i -> index.add(i.asString()));
        String query = body.path("query").asString("");
        String type = body.path("type").asString();
        TreeSet<String> datasets = kql != null ? kqlDatasets(kql) : textDatasets(query, type);
        TreeSet<String> modules = kql != null ? kqlValues(kql, Set.of("event.module"))
                : textValues(query, TEXT_MODULE, !"eql".equals(type));
        RequiredFieldSchema schema = RequiredFieldSchema.of(datasets, modules, index, packages, catalog,
                BeatsSchema.builtIn());
        ArrayNode out = JSON.arrayNode();
        for (String field : fields) {
            RequiredFieldEntry.add(out, field, ecsTypes, schema.type(field));
        }
        return out;
    }

    private interface FieldVisitor {
        void visit(String field, KqlValue value);
    }

    /**
     * Every field name the query compares, with nested fields under their full path; the path of a nested query
     * ({@code a.b:{ c: x }}) is a field too (value null), as detection-rules lists it with its children.
     */
    private static void walk(KqlNode node, String prefix, FieldVisitor visitor) {
        if (node instanceof KqlNode.Or or) {
            or.children().forEach(c -> walk(c, prefix, visitor));
        } else if (node instanceof KqlNode.And and) {
            and.children().forEach(c -> walk(c, prefix, visitor));
        } else if (node instanceof KqlNode.Not not) {
            walk(not.child(), prefix, visitor);
        } else if (node instanceof KqlNode.Nested nested) {
            String path = prefix + fieldName(nested.path());
            visitor.visit(path, null);
            walk(nested.child(), path + ".", visitor);
        } else if (node instanceof KqlNode.Is is) {
            visitor.visit(prefix + fieldName(is.field()), is.value());
        } else if (node instanceof KqlNode.Range range) {
            visitor.visit(prefix + fieldName(range.field()), range.value());
        }
    }

    /**
     * A field name as written, a pattern too ({@code file.hash.*:*}): detection-rules lists a pattern as a required
     * field of its own (type unknown, not ECS), as its KQL parse keeps the name whole.
     */
    private static String fieldName(KqlValue field) {
        return field instanceof KqlValue.Wildcard pattern ? pattern.pattern() : ((KqlValue.Literal) field).text();
    }

}
