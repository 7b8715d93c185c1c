package dev.dac.validate;

import dev.dac.fields.FieldCatalog;
import dev.dac.rule.ExceptionEntry;
import dev.dac.rule.ExceptionItem;
import dev.dac.rule.ExceptionList;
import dev.dac.rule.TypeFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Resolves each rule's {@code exceptions_list} against the repository's exception lists, as Kibana finds them (by
 * list_id and namespace_type), and checks what the rule would apply: a referenced list that is not in the repository,
 * and entry fields the rule's indices do not have (judged as the fields of a KQL query are).
 */
final class ExceptionReferences {

    /** Kibana's list type for Elastic Defend's endpoint exceptions, kept in Kibana rather than as code. */
    private static final String ENDPOINT = "endpoint";

    private final ExceptionLists lists;
    private final FieldCatalog catalog;

    ExceptionReferences(ExceptionLists lists, FieldCatalog catalog) {
        this.lists = lists;
        this.catalog = catalog;
    }

    /**
     * {@code rule} with its lists resolved; findings of the rule file go on the rule, findings of entry fields (in the
     * exception files) into {@code listFindings}.
     */
    CheckedRule resolve(CheckedRule rule, List<Finding> listFindings) {
        Optional<RuleUnderCheck> under = rule.underCheck();
        if (rule.model().isEmpty() || under.isEmpty()) {
            return rule;
        }
        JsonNode references = rule.parsed().get().document().path("rule").path("exceptions_list");
        if (!references.isArray() || references.isEmpty()) {
            return rule;
        }
        List<Finding> findings = new ArrayList<>();
        List<ExceptionList> resolved = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            JsonNode reference = references.get(i);
            String pointer = "/rule/exceptions_list/" + i;
            ExceptionList.Key key = new ExceptionList.Key(reference.path("list_id").asString(""),
                    reference.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE));
            String type = reference.path("type").asString("");
            Optional<ExceptionLists.Source> found = lists.find(key);
            if (found.isEmpty()) {
                findings.add(notFound(under.get(), pointer, key, type));
                continue;
            }
            ExceptionList list = found.get().list();
            if (!list.type().equals(type)) {
                findings.add(under.get().findingAt(Check.EXCEPTION_REFERENCE_MISMATCH, pointer + "/type",
                        "exceptions_list[" + i + "] calls list " + key + " a '" + type + "' list; its container in "
                                + list.file().getFileName() + " says '" + list.type() + "'"));
            }
            resolved.add(list);
            checkFields(rule, found.get(), listFindings);
        }
        return rule.withExceptions(resolved, findings);
    }

    private Finding notFound(RuleUnderCheck rule, String pointer, ExceptionList.Key key, String type) {
        if (ENDPOINT.equals(type)) {
            return rule.findingAt(Check.EXCEPTION_LIST_IN_KIBANA_ONLY, pointer, "exception list " + key
                    + " is an endpoint list, kept in Kibana; dac test runs the rule without its items");
        }
        Optional<java.nio.file.Path> broken = lists.brokenFile(key);
        if (broken.isPresent()) {
            return rule.findingAt(Check.EXCEPTION_LIST_NOT_IN_REPOSITORY, pointer, "exception list " + key + " in "
                    + broken.get() + " has errors (see that file's findings), so dac neither applies nor deploys"
                    + " it; fix the file");
        }
        String where = lists.folder().map(f -> "in " + f).orElse("(the repository has no exceptions/ folder beside"
                + " its rules)");
        String otherNamespace = lists.lists().keySet().stream().filter(k -> k.listId().equals(key.listId()))
                .map(k -> "; a list " + k.listId() + " exists with namespace_type '" + k.namespaceType() + "'")
                .findFirst().orElse("");
        return rule.findingAt(Check.EXCEPTION_LIST_NOT_IN_REPOSITORY, pointer, "the rule references exception list "
                + key + ", which is not " + where + otherNamespace + "; dac would test and deploy the rule without"
                + " it");
    }

    /** Each entry's field, judged against the indices of the rule that applies the list. */
    private void checkFields(CheckedRule rule, ExceptionLists.Source source, List<Finding> findings) {
        List<String> index = indexOf(rule.model().get().rule().typeFields());
        FieldCatalog.Coverage coverage = index.isEmpty() ? null : catalog.forPatterns(index);
        String ruleId = rule.ruleId().orElse(null);
        // a list with a broken item is not loaded, so items stand in the order of the file's [[exceptions.items]]
        List<ExceptionItem> items = source.list().items();
        for (int j = 0; j < items.size(); j++) {
            ExceptionItem item = items.get(j);
            if (!item.osTypes().isEmpty() && coverage != null) {
                // Kibana applies os_types on host.os.type: without that field the item never matches
                String at = "/items/" + j + "/os_types";
                coverage.missing("host.os.type").ifPresent(missing -> findings.add(source.findingAt(
                        missing.certainty() == FieldCatalog.Certainty.ABSENT ? Check.EXCEPTION_UNKNOWN_FIELD
                                : Check.EXCEPTION_UNCONFIRMED_FIELD, at, ruleId, "item '" + item.itemId()
                                + "' has os_types, which Kibana matches on host.os.type: " + missing.message()
                                + " (rule " + rule.model().get().rule().name() + ")")));
            }
            List<ExceptionEntry> entries = items.get(j).entries();
            for (int k = 0; k < entries.size(); k++) {
                checkEntry(entries.get(k), "", "/items/" + j, k, coverage, source, ruleId, rule, findings);
            }
        }
    }

    private void checkEntry(ExceptionEntry entry, String parent, String itemPointer, int k,
            FieldCatalog.Coverage coverage, ExceptionLists.Source source, String ruleId, CheckedRule rule,
            List<Finding> findings) {
        String entryPointer = itemPointer + "/entries/" + k;
        if (entry instanceof ExceptionEntry.Nested nested) {
            for (int n = 0; n < nested.entries().size(); n++) {
                checkEntry(nested.entries().get(n), nested.field() + ".", entryPointer, n, coverage, source, ruleId,
                        rule, findings);
            }
            return;
        }
        String field = parent + entry.field();
        String forRule = " (rule " + rule.model().get().rule().name() + ")";
        if (coverage == null) {
            if (catalog.isMisspeltEcs(field)) {
                findings.add(source.findingAt(Check.EXCEPTION_UNKNOWN_FIELD, entryPointer + "/field", ruleId,
                        "field '" + field + "' is not an ECS field, though '" + field.substring(0,
                                field.lastIndexOf('.')) + "' is an ECS object; the entry never matches" + forRule));
            }
            return;
        }
        coverage.missing(field).ifPresent(missing -> findings.add(source.findingAt(
                missing.certainty() == FieldCatalog.Certainty.ABSENT ? Check.EXCEPTION_UNKNOWN_FIELD
                        : Check.EXCEPTION_UNCONFIRMED_FIELD, entryPointer + "/field", ruleId,
                "exception entry: " + missing.message() + forRule)));
    }

    /** The index patterns a rule reads (none for ES|QL, whose query names its sources, or a data view). */
    private static List<String> indexOf(TypeFields fields) {
        List<String> index = null;
        if (fields instanceof TypeFields.QueryFields q) {
            index = q.index();
        } else if (fields instanceof TypeFields.NewTermsFields n) {
            index = n.index();
        } else if (fields instanceof TypeFields.ThresholdFields t) {
            index = t.index();
        } else if (fields instanceof TypeFields.EqlFields e) {
            index = e.index();
        } else if (fields instanceof TypeFields.ThreatMatchFields t) {
            index = t.index();
        }
        return index == null ? List.of() : index;
    }
}
