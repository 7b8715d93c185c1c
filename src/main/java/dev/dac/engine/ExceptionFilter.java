package dev.dac.engine;

import dev.dac.rule.ExceptionEntry;
import dev.dac.rule.ExceptionItem;
import dev.dac.rule.ExceptionList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rule's exception items as the Query DSL clause Kibana excludes from every search of the rule, built as Kibana's
 * {@code buildExceptionFilter} builds it (x-pack/solutions/security/plugins/lists/server/services/exception_lists/
 * build_exception_filter.ts): items whose expire_time has passed at the execution are dropped; each item is one
 * clause (its entries ANDed in a bool filter, or the single entry's clause), an item with os_types one clause per
 * operating system on host.os.type and one on host.os.name.caseless; the items are ORed in a bool should, and the rule
 * executors put that under must_not (Kibana's negated filter) for query, new terms, threshold, EQL and ES|QL rules.
 * Entries: match as a match_phrase, match_any as a should of match_phrases, exists, wildcard as a wildcard query (case
 * as the field's mapping has it), nested as a nested query on the path with the inner fields prefixed; operator
 * excluded wraps the entry's clause in must_not. Items that test a value list are left out: value lists live in Kibana
 * (validation says so, DAC166).
 */
public final class ExceptionFilter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** No exceptions: adds nothing to a query. */
    public static final ExceptionFilter NONE = new ExceptionFilter(List.of());

    private final List<ExceptionItem> items;

    private ExceptionFilter(List<ExceptionItem> items) {
        this.items = List.copyOf(items);
    }

    /** The items of {@code lists} that apply at {@code startedAt} (not expired, no value list). */
    public static ExceptionFilter of(List<ExceptionList> lists, Instant startedAt) {
        List<ExceptionItem> applied = new ArrayList<>();
        for (ExceptionList list : lists) {
            for (ExceptionItem item : list.items()) {
                boolean expired = item.expireTime() != null && item.expireTime().isBefore(startedAt);
                if (!expired && !item.usesValueList()) {
                    applied.add(item);
                }
            }
        }
        return new ExceptionFilter(applied);
    }

    /** The clause that matches an event any applied item matches, or empty when no item applies. */
    public Optional<ObjectNode> clause() {
        if (items.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode filter = JSON.objectNode();
        ArrayNode should = filter.putObject("bool").putArray("should");
        for (ExceptionItem item : items) {
            itemClauses(item).forEach(should::add);
        }
        return Optional.of(filter);
    }

    /** {@code query} with the exceptions excluded: itself when there are none, else a bool that filters on it. */
    public ObjectNode appliedTo(ObjectNode query) {
        if (clause().isEmpty()) {
            return query;
        }
        ObjectNode wrapped = JSON.objectNode();
        ObjectNode bool = wrapped.putObject("bool");
        bool.putArray("filter").add(query);
        excludeFrom(bool);
        return wrapped;
    }

    /** Adds the exclusion to {@code bool} (a bool query's body) as a must_not clause; nothing when no item applies. */
    public void excludeFrom(ObjectNode bool) {
        clause().ifPresent(clause -> {
            ArrayNode mustNot = bool.has("must_not") && bool.get("must_not").isArray()
                    ? (ArrayNode) bool.get("must_not") : bool.putArray("must_not");
            mustNot.add(clause);
        });
    }

    private static List<ObjectNode> itemClauses(ExceptionItem item) {
        if (!item.osTypes().isEmpty()) {
            List<ObjectNode> clauses = new ArrayList<>();
            for (String osField : List.of("host.os.type", "host.os.name.caseless")) {
                for (String os : item.osTypes()) {
                    List<ExceptionEntry> entries = new ArrayList<>();
                    entries.add(new ExceptionEntry.Match(osField, false, os));
                    entries.addAll(item.entries());
                    clauses.add(allOf(entries));
                }
            }
            return clauses;
        }
        return List.of(item.entries().size() == 1 ? entry(item.entries().get(0), null) : allOf(item.entries()));
    }

    private static ObjectNode allOf(List<ExceptionEntry> entries) {
        ObjectNode all = JSON.objectNode();
        ArrayNode filter = all.putObject("bool").putArray("filter");
        entries.forEach(e -> filter.add(entry(e, null)));
        return all;
    }

    private static ObjectNode entry(ExceptionEntry entry, String parent) {
        String field = parent == null ? entry.field() : parent + "." + entry.field();
        if (entry instanceof ExceptionEntry.Match m) {
            return operator(m.excluded(), anyPhrase(field, List.of(m.value())));
        }
        if (entry instanceof ExceptionEntry.MatchAny m) {
            return operator(m.excluded(), m.values().size() == 1 ? anyPhrase(field, m.values())
                    : anyOfPhrases(field, m.values()));
        }
        if (entry instanceof ExceptionEntry.Exists e) {
            ObjectNode exists = JSON.objectNode();
            ObjectNode bool = exists.putObject("bool");
            bool.put("minimum_should_match", 1);
            bool.putArray("should").addObject().putObject("exists").put("field", field);
            return operator(e.excluded(), exists);
        }
        if (entry instanceof ExceptionEntry.Wildcard w) {
            ObjectNode wildcard = JSON.objectNode();
            wildcard.putObject("bool").putObject("filter").putObject("wildcard").put(field, w.value());
            return operator(w.excluded(), wildcard);
        }
        if (entry instanceof ExceptionEntry.Nested n) {
            return nested(n);
        }
        throw new IllegalStateException("items with value lists are left out, not translated");
    }

    private static ObjectNode nested(ExceptionEntry.Nested nested) {
        ObjectNode inner;
        if (nested.entries().size() == 1) {
            inner = entry(nested.entries().get(0), nested.field());
        } else {
            inner = JSON.objectNode();
            ArrayNode filter = inner.putObject("bool").putArray("filter");
            nested.entries().forEach(e -> filter.add(entry(e, nested.field())));
        }
        ObjectNode clause = JSON.objectNode();
        ObjectNode body = clause.putObject("nested");
        body.put("path", nested.field());
        body.set("query", inner);
        body.put("score_mode", "none");
        return clause;
    }

    /** {@code bool.should[match_phrase]} with minimum_should_match 1, Kibana's clause for one value. */
    private static ObjectNode anyPhrase(String field, List<String> values) {
        ObjectNode clause = JSON.objectNode();
        ObjectNode bool = clause.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        values.forEach(v -> should.addObject().putObject("match_phrase").put(field, v));
        return clause;
    }

    /** Several values: a should of single-value clauses. */
    private static ObjectNode anyOfPhrases(String field, List<String> values) {
        ObjectNode clause = JSON.objectNode();
        ObjectNode bool = clause.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        values.forEach(v -> should.add(anyPhrase(field, List.of(v))));
        return clause;
    }

    private static ObjectNode operator(boolean excluded, ObjectNode clause) {
        if (!excluded) {
            return clause;
        }
        ObjectNode not = JSON.objectNode();
        not.putObject("bool").set("must_not", clause);
        return not;
    }
}
