package dev.dac.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.dac.load.JsonSchemas;
import dev.dac.load.ParsedRuleFile;
import dev.dac.load.RuleFileFinder;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleLoadException;
import dev.dac.rule.ExceptionEntry;
import dev.dac.rule.ExceptionItem;
import dev.dac.rule.ExceptionList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Loads a repository's exception lists: the {@code exceptions/} folder beside its rules (the layout of
 * elastic/detection-rules, {@code detection_rules/exception.py}), each TOML file checked against
 * {@code schemas/exception-file.schema.json}, read into {@link ExceptionList}s, and checked across files (one
 * definition per list and item). Every problem is a finding on the exception file; nothing stops the other files.
 */
public final class ExceptionListLoader {

    static final String FOLDER = "exceptions";

    private final RuleFileParser parser = new RuleFileParser();
    private final Schema schema = JsonSchemas.load("exception-file.schema.json");
    private final Clock clock;

    ExceptionListLoader(Clock clock) {
        this.clock = clock;
    }

    /**
     * The exceptions folder of the repository {@code roots} lie in: the nearest {@code exceptions/} folder in a root
     * (when a folder) or one of its parents, looking no higher than a repository's top (a folder holding
     * {@code .git}).
     */
    public static Optional<Path> folderFor(List<Path> roots) {
        for (Path root : roots) {
            Path dir = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                dir = dir.getParent();
            }
            while (dir != null) {
                if (Files.isDirectory(dir.resolve(FOLDER))) {
                    return Optional.of(dir.resolve(FOLDER));
                }
                if (Files.exists(dir.resolve(".git"))) {
                    break;
                }
                dir = dir.getParent();
            }
        }
        return Optional.empty();
    }

    ExceptionLists load(Path folder) {
        List<Finding> findings = new ArrayList<>();
        Map<ExceptionList.Key, ExceptionLists.Source> lists = new LinkedHashMap<>();
        Map<ExceptionList.Key, Path> withErrors = new LinkedHashMap<>();
        RuleFileFinder.Found found = new RuleFileFinder().find(List.of(folder));
        found.problems().forEach(p -> findings.add(RuleValidator.toFinding(p)));
        for (Path file : found.files()) {
            ParsedRuleFile parsed;
            try {
                parsed = parser.parse(file);
            } catch (RuleLoadException e) {
                findings.add(RuleValidator.toFinding(e.problem()));
                continue;
            }
            List<Finding> fileFindings = schemaFindings(parsed);
            findings.addAll(fileFindings);
            if (!fileFindings.isEmpty()) {
                namedLists(parsed).forEach(key -> withErrors.putIfAbsent(key, file));
            } else {
                int before = findings.size();
                List<ExceptionLists.Source> read = read(parsed, findings);
                if (findings.subList(before, findings.size()).stream().anyMatch(Finding::isError)) {
                    namedLists(parsed).forEach(key -> withErrors.putIfAbsent(key, file));
                }
                for (ExceptionLists.Source source : read) {
                    ExceptionLists.Source earlier = lists.putIfAbsent(source.list().key(), source);
                    if (earlier != null) {
                        findings.add(source.findingAt(Check.DUPLICATE_EXCEPTION_ID, "/container/list_id", null,
                                "exception list " + source.list().key() + " is also defined in "
                                        + earlier.parsed().path() + "; Kibana keeps one list per list_id and"
                                        + " namespace_type"));
                    }
                }
            }
        }
        return new ExceptionLists(Optional.of(folder), lists, findings, withErrors);
    }

    /** The lists a file names, as far as its containers can be read: to tell a rule its list has errors. */
    private static List<ExceptionList.Key> namedLists(ParsedRuleFile parsed) {
        List<ExceptionList.Key> keys = new ArrayList<>();
        for (JsonNode exception : parsed.document().path("exceptions")) {
            JsonNode container = exception.path("container");
            if (container.path("list_id").isString()) {
                keys.add(new ExceptionList.Key(container.path("list_id").asString(),
                        container.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE)));
            }
        }
        return keys;
    }

    private List<Finding> schemaFindings(ParsedRuleFile parsed) {
        Map<String, Finding> unique = new LinkedHashMap<>();
        for (Error error : schema.validate(parsed.document())) {
            SchemaCheck.SchemaFinding described = SchemaCheck.describe(error, parsed.document());
            if (described == null) {
                continue;
            }
            String pointer = described.pointer();
            String field = SchemaCheck.dotted(pointer);
            Check check = Check.EXCEPTION_FILE_INVALID;
            String message = described.message();
            if (pointer.matches(".*/entries/\\d+/type") && "enum".equals(error.getKeyword())) {
                check = Check.EXCEPTION_UNKNOWN_ENTRY_TYPE;
                message = "'" + field + "' is " + parsed.document().at(pointer) + "; Kibana's entry types are match,"
                        + " match_any, exists, wildcard, nested and list (nested entries take match, match_any and"
                        + " exists)";
            } else if ("false".equals(error.getKeyword())) {
                String entry = pointer.substring(0, pointer.lastIndexOf('/'));
                message = "'" + field + "' does not belong in an entry of type '"
                        + parsed.document().at(entry + "/type").asString("?") + "'; remove it";
            } else if ("additionalProperties".equals(error.getKeyword()) && pointer.lastIndexOf('/') == 0) {
                message = "unknown table '" + field + "'; an exception file has only [metadata] and [[exceptions]]";
            }
            unique.putIfAbsent(pointer + "|" + message, new Finding(parsed.path(),
                    parsed.lines().lineOf(pointer).orElse(null), null, check, message));
        }
        return new ArrayList<>(unique.values());
    }

    /** The lists of a file that fits the schema, with the findings of its items (duplicates, value lists, expiry). */
    private List<ExceptionLists.Source> read(ParsedRuleFile parsed, List<Finding> findings) {
        List<ExceptionLists.Source> sources = new ArrayList<>();
        JsonNode exceptions = parsed.document().path("exceptions");
        for (int i = 0; i < exceptions.size(); i++) {
            String pointer = "/exceptions/" + i;
            JsonNode container = exceptions.get(i).path("container");
            String listId = container.path("list_id").asString();
            String namespace = container.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE);
            List<ExceptionItem> items = new ArrayList<>();
            Map<String, Integer> itemIds = new LinkedHashMap<>();
            JsonNode itemNodes = exceptions.get(i).path("items");
            List<Finding> itemFindings = new ArrayList<>();
            for (int j = 0; j < itemNodes.size(); j++) {
                JsonNode node = itemNodes.get(j);
                String at = pointer + "/items/" + j;
                ExceptionItem item = item(node, namespace);
                if (!item.listId().equals(listId) || !item.namespaceType().equals(namespace)) {
                    itemFindings.add(finding(parsed, at + "/list_id", Check.DUPLICATE_EXCEPTION_ID, "item '"
                            + item.itemId() + "' names list " + item.listId() + " (" + item.namespaceType()
                            + ") but stands under list " + listId + " (" + namespace + "); an item belongs to the"
                            + " list it is written under"));
                    continue;
                }
                Integer first = itemIds.putIfAbsent(item.itemId(), j);
                if (first != null) {
                    itemFindings.add(finding(parsed, at + "/item_id", Check.DUPLICATE_EXCEPTION_ID, "item_id '"
                            + item.itemId() + "' is used twice in list " + listId + "; Kibana keeps one item per"
                            + " item_id"));
                    continue;
                }
                if (item.usesValueList()) {
                    findings.add(finding(parsed, at + "/entries", Check.EXCEPTION_VALUE_LIST_NOT_APPLIED, "item '"
                            + item.itemId() + "' tests a value list (type = \"list\"), which lives in Kibana; dac"
                            + " test runs the rule without this item, so Kibana may remove alerts a case expects"));
                }
                if (item.expireTime() != null && item.expireTime().isBefore(clock.instant())) {
                    findings.add(finding(parsed, at + "/expire_time", Check.EXCEPTION_ITEM_EXPIRED, "item '"
                            + item.itemId() + "' expired at " + item.expireTime() + "; Kibana skips it (and so does"
                            + " dac test)"));
                }
                items.add(item);
            }
            findings.addAll(itemFindings);
            if (!itemFindings.isEmpty()) {
                continue; // a list with a broken item is neither applied nor deployed
            }
            ExceptionList list = new ExceptionList(parsed.path(), listId, namespace,
                    container.path("type").asString(), container.path("name").asString(), container, items);
            sources.add(new ExceptionLists.Source(list, parsed, pointer));
        }
        return sources;
    }

    private static Finding finding(ParsedRuleFile parsed, String pointer, Check check, String message) {
        return new Finding(parsed.path(), parsed.lines().lineOf(pointer).orElse(null), null, check, message);
    }

    private static ExceptionItem item(JsonNode node, String listNamespace) {
        List<String> osTypes = new ArrayList<>();
        node.path("os_types").forEach(os -> osTypes.add(os.asString()));
        Instant expires = node.path("expire_time").isString()
                ? OffsetDateTime.parse(node.path("expire_time").asString()).toInstant() : null;
        return new ExceptionItem(node.path("item_id").asString(), node.path("list_id").asString(),
                node.path("namespace_type").asString(listNamespace), node.path("name").asString(), osTypes, expires,
                entries(node.path("entries")), node);
    }

    private static List<ExceptionEntry> entries(JsonNode nodes) {
        List<ExceptionEntry> entries = new ArrayList<>();
        for (JsonNode node : nodes) {
            String field = node.path("field").asString();
            boolean excluded = "excluded".equals(node.path("operator").asString());
            entries.add(switch (node.path("type").asString()) {
                case "match" -> new ExceptionEntry.Match(field, excluded, node.path("value").asString());
                case "match_any" -> {
                    List<String> values = new ArrayList<>();
                    node.path("value").forEach(v -> values.add(v.asString()));
                    yield new ExceptionEntry.MatchAny(field, excluded, values);
                }
                case "exists" -> new ExceptionEntry.Exists(field, excluded);
                case "wildcard" -> new ExceptionEntry.Wildcard(field, excluded, node.path("value").asString());
                case "list" -> new ExceptionEntry.ValueList(field, excluded, node.path("list").path("id").asString(),
                        node.path("list").path("type").asString());
                case "nested" -> new ExceptionEntry.Nested(field, entries(node.path("entries")));
                default -> throw new IllegalStateException("entry type " + node.path("type") + " passed the schema");
            });
        }
        return entries;
    }
}
