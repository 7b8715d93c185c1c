package dev.dac.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.dac.load.JsonSchemas;
import dev.dac.rule.ExceptionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exception lists exported rules reference, read from Kibana's exception list API (2023-10-31: the container by
 * {@code GET /api/exception_lists}, every item through {@code GET /api/exception_lists/items/_find}, page by page) and
 * written as exception files in the layout dac reads ({@code exceptions/}, elastic/detection-rules'
 * {@code detection_rules/exception.py}): one file per list, named after its list_id. Each file is checked against
 * {@code schemas/exception-file.schema.json} before anything is written, so an answer dac would write but not read back
 * stops the export instead. Elastic Defend's endpoint list is left in Kibana, with a warning naming it.
 */
public final class ExceptionListExporter {

    /** The folder, beside the rule files, where dac looks for exception files (validate's ExceptionListLoader). */
    public static final String FOLDER = "exceptions";
    /** Container fields that are the list as written; Kibana's own (id, version, timestamps, ...) are left out. */
    private static final List<String> LIST_FIELDS = List.of("list_id", "name", "description", "type",
            "namespace_type", "os_types", "tags", "meta");
    /** Item fields that are the item as written; comments are kept by their text, as deploy sends them. */
    private static final List<String> ITEM_FIELDS = List.of("item_id", "list_id", "name", "description", "type",
            "namespace_type", "os_types", "tags", "meta", "expire_time", "comments", "entries");
    private static final Set<String> NAMESPACES = Set.of("single", "agnostic");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Schema schema = JsonSchemas.load("exception-file.schema.json");

    /** One list as an exception file: its name inside {@link #FOLDER}, the TOML text, how many items it holds. */
    public record ListFile(ExceptionList.Key key, String fileName, String toml, int items) {}

    /** The list files to write and the warnings to show (lists or items dac writes only in part, or not at all). */
    public record Exported(List<ListFile> files, List<String> warnings) {}

    /** A list the rules reference: its key, the type their references give, and the rules, by rule_id. */
    private record Reference(ExceptionList.Key key, String type, Map<String, String> rules) {}

    /**
     * Every list {@code rules} reference, read from Kibana and converted. Any answer that is not the list asked for
     * (missing, an error, a broken shape, an item of another list) is an error naming the list: exporting the rules
     * without it would give a repository that does not hold what Kibana applies.
     */
    public Exported export(List<ObjectNode> rules, KibanaClient client) throws DeployException {
        List<ListFile> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, ExceptionList.Key> names = new TreeMap<>();
        for (Reference reference : references(rules)) {
            if (isEndpoint(reference)) {
                warnings.add(ruleList(reference) + " Elastic Defend's endpoint list " + reference.key() + "; Elastic"
                        + " Defend manages it in Kibana, so it is not written (the rules keep the reference, and dac"
                        + " validate warns DAC163)");
                continue;
            }
            ObjectNode container = container(client, reference);
            Map<String, ObjectNode> items = items(client, reference.key());
            ObjectNode file = document(reference, container, items, warnings);
            requireReadable(reference, file);
            String name = fileName(reference.key(), names);
            names.put(name, reference.key());
            files.add(new ListFile(reference.key(), name, "# Exported from Kibana by dac export.\n"
                    + TomlRuleWriter.write(file), items.size()));
        }
        return new Exported(files, warnings);
    }

    /** The lists the rules reference, by key, in key order; a reference Kibana would not take is an error. */
    private static List<Reference> references(List<ObjectNode> rules) throws DeployException {
        Map<String, Reference> byKey = new TreeMap<>();
        for (ObjectNode rule : rules) {
            String ruleId = rule.path("rule_id").asString();
            JsonNode references = rule.path("exceptions_list");
            if (references.isMissingNode() || references.isNull()) {
                continue;
            }
            if (!references.isArray()) {
                throw new DeployException("rule " + ruleId + " from Kibana has " + Planner.shape(references)
                        + " in 'exceptions_list' where Kibana keeps a list of references. Nothing was written; look"
                        + " at the rule in Kibana and export again.");
            }
            for (JsonNode reference : references) {
                JsonNode listId = reference.path("list_id");
                String namespace = reference.path("namespace_type").asString("");
                if (!listId.isString() || listId.asString().isBlank() || !NAMESPACES.contains(namespace)) {
                    throw new DeployException("rule " + ruleId + " from Kibana references exception list "
                            + Planner.shape(reference) + " without a list_id and a namespace_type of single or"
                            + " agnostic. Nothing was written; look at the rule's exceptions in Kibana and export"
                            + " again.");
                }
                ExceptionList.Key key = new ExceptionList.Key(listId.asString(), namespace);
                byKey.computeIfAbsent(namespace + "\u0000" + key.listId(), k -> new Reference(key,
                        reference.path("type").asString(""), new TreeMap<>()))
                        .rules().put(ruleId, rule.path("name").asString(ruleId));
            }
        }
        return List.copyOf(byKey.values());
    }

    /** Elastic Defend's list: a reference of type endpoint, or the list_id Kibana gives it (endpoint_list). */
    private static boolean isEndpoint(Reference reference) {
        return reference.type().equals("endpoint") || reference.key().listId().equals("endpoint_list");
    }

    private static ObjectNode container(KibanaClient client, Reference reference) throws DeployException {
        ExceptionList.Key key = reference.key();
        KibanaClient.KibanaResponse read;
        try {
            read = client.get("/api/exception_lists?" + ExceptionListPlanner.keyQuery(key, "list_id"));
        } catch (DeployException e) { // denied, unreachable, past its deadline
            throw failed(key, e.getMessage());
        }
        if (read.status() == 404) {
            throw new DeployException("exception list " + key + " is not in Kibana (404: " + read.message() + "),"
                    + " but " + ruleList(reference) + " it. Nothing was written. Re-create the list in Kibana or"
                    + " remove it from the rule's exceptions, then export again.");
        }
        if (!read.ok()) {
            throw failed(key, "Kibana could not read it (" + read.status() + "): " + read.message());
        }
        ObjectNode container;
        try {
            container = read.object();
        } catch (DeployException e) {
            throw failed(key, e.getMessage());
        }
        if (!container.path("list_id").asString("").equals(key.listId())
                || !container.path("namespace_type").asString(key.namespaceType()).equals(key.namespaceType())) {
            throw failed(key, "Kibana answered its read with " + read.describeBody() + ", not that list");
        }
        return container;
    }

    private static Map<String, ObjectNode> items(KibanaClient client, ExceptionList.Key key) throws DeployException {
        Map<String, ObjectNode> items;
        try {
            items = ExceptionListPlanner.remoteItems(client, key);
        } catch (DeployException e) {
            throw failed(key, e.getMessage());
        }
        for (ObjectNode item : items.values()) {
            if (!item.path("list_id").asString("").equals(key.listId())) {
                throw failed(key, "Kibana's item list holds item " + item.path("item_id").asString() + " of another"
                        + " list (list_id " + Planner.shape(item.path("list_id")) + ")");
            }
        }
        return items;
    }

    /** The exception file: [metadata] (dates, name, the rules that reference it) and the list with its items. */
    private static ObjectNode document(Reference reference, ObjectNode container, Map<String, ObjectNode> items,
            List<String> warnings) {
        ObjectNode file = JSON.objectNode();
        ObjectNode metadata = file.putObject("metadata");
        metadata.put("creation_date", RuleExporter.date(container.path("created_at").asString(null)));
        metadata.put("list_name", container.path("name").asString(reference.key().listId()));
        ArrayNode ruleIds = metadata.putArray("rule_ids");
        ArrayNode ruleNames = metadata.putArray("rule_names");
        reference.rules().forEach((id, name) -> {
            ruleIds.add(id);
            ruleNames.add(name);
        });
        metadata.put("updated_date", RuleExporter.date(container.path("updated_at").asString(null)));
        ObjectNode exception = file.putArray("exceptions").addObject();
        ObjectNode list = kept(container, LIST_FIELDS);
        list.put("namespace_type", reference.key().namespaceType());
        exception.set("container", list);
        ArrayNode written = exception.putArray("items");
        for (ObjectNode item : items.values()) {
            ObjectNode kept = kept(item, ITEM_FIELDS);
            kept.put("namespace_type", reference.key().namespaceType());
            if (kept.has("comments")) {
                ArrayNode texts = JSON.arrayNode();
                kept.get("comments").forEach(c -> texts.addObject().set("comment", c.path("comment")));
                kept.set("comments", texts);
            }
            written.add(kept);
            for (JsonNode entry : item.path("entries")) {
                if (entry.path("type").asString("").equals("list")) {
                    warnings.add("exception list " + reference.key() + " item " + item.path("item_id").asString()
                            + " tests value list " + entry.path("list").path("id").asString("?") + " (on "
                            + entry.path("field").asString("?") + "); the item is written, but a value list's values"
                            + " live in Kibana and are not exported (Kibana: Manage value lists)");
                }
            }
        }
        if (written.isEmpty()) {
            exception.remove("items");
        }
        return file;
    }

    /** The fields of {@code node} among {@code fields}, in that order, without the empty ones Kibana fills in. */
    private static ObjectNode kept(ObjectNode node, List<String> fields) {
        ObjectNode kept = JSON.objectNode();
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && !((value.isArray() || value.isObject()) && value.isEmpty())) {
                kept.set(field, value.deepCopy());
            }
        }
        return kept;
    }

    /** The file must be one dac reads back: a Kibana answer that does not fit the format stops the export. */
    private void requireReadable(Reference reference, ObjectNode file) throws DeployException {
        List<Error> errors = schema.validate(file);
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            throw failed(reference.key(), "Kibana's copy does not fit dac's exception file format at "
                    + first.getInstanceLocation() + " (" + first.getMessage() + ")"
                    + (errors.size() > 1 ? " and " + (errors.size() - 1) + " more places" : ""));
        }
    }

    /**
     * {@code <list_id>_exceptions.toml} in the letters of {@link RuleExporter#slug}, as the shipped example is named;
     * agnostic lists get {@code _agnostic} so a single and an agnostic list of one list_id do not share a file, and
     * a counter follows only if the letters of two list_ids are the same.
     */
    private static String fileName(ExceptionList.Key key, Map<String, ExceptionList.Key> taken) {
        String slug = RuleExporter.slug(JSON.stringNode(key.listId()));
        String stem = (slug.isEmpty() ? "list" : slug) + (key.namespaceType().equals("agnostic") ? "_agnostic" : "")
                + "_exceptions";
        String name = stem + ".toml";
        for (int n = 2; taken.containsKey(name); n++) {
            name = stem + "_" + n + ".toml";
        }
        return name;
    }

    /** "rule X (name) references" or "rules X, Y reference", for messages. */
    private static String ruleList(Reference reference) {
        return "rule" + (reference.rules().size() == 1 ? " " : "s ") + String.join(", ", reference.rules().keySet())
                + (reference.rules().size() == 1 ? " references" : " reference");
    }

    private static DeployException failed(ExceptionList.Key key, String problem) {
        return new DeployException("cannot export exception list " + key + ": " + problem + ". Nothing was written;"
                + " look at the list in Kibana (Security > Rules > Shared exception lists) and export again.");
    }
}
