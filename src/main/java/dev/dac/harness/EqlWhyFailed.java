package dev.dac.harness;

import dev.dac.engine.JoinKey;
import dev.dac.eql.EqlEvaluator;
import dev.dac.eql.EqlNode;
import dev.dac.eql.EqlParser;
import dev.dac.eql.EqlSyntaxException;
import dev.dac.eql.EqlWalk;
import dev.dac.kql.DocumentValues;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * EQL's part of {@link WhyFailed}, read over the case's events with {@link EqlEvaluator} as dac's local engine decides
 * (dev.dac.engine's EqlLocalExecutor, SequenceMatcher and SampleMatcher, after Elasticsearch's EQL):
 * <ul>
 *   <li>an event query: per event, its index, the window, its category, then the first failing clause of the
 *   condition's top-level {@code and}, with the event's value;</li>
 *   <li>a sequence or sample: per step, the events that match its filter, or why each event does not; when every
 *   step has events, why they do not join: the join key differs, maxspan is exceeded, the order is wrong, or an
 *   {@code until} event ends the sequence.</li>
 * </ul>
 * Events are ordered by the rule's timestamp field then by their place in the case, as they are indexed.
 */
final class EqlWhyFailed {

    private final WhyFailed why;
    private final List<TestCase.SourceEvent> events;
    private final EqlEvaluator evaluator = new EqlEvaluator();
    private String query;
    private String categoryField;
    private String timestampField;

    EqlWhyFailed(WhyFailed why, List<TestCase.SourceEvent> events) {
        this.why = why;
        this.events = events;
    }

    List<String> explain(Rule rule, TypeFields.EqlFields eql, Instant from, Instant to) {
        query = eql.query() == null ? "" : eql.query();
        categoryField = blank(eql.eventCategoryOverride()) ? "event.category" : eql.eventCategoryOverride();
        timestampField = blank(eql.timestampField()) ? "@timestamp" : eql.timestampField();
        EqlNode.Statement statement;
        try {
            statement = EqlParser.parse(query);
        } catch (EqlSyntaxException e) {
            return List.of("the EQL query does not parse: " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        List<Integer> eligible = new ArrayList<>();
        for (int n = 0; n < events.size(); n++) {
            String outside = why.outside(n, eql.index(), from, to, rule.common().timestampOverride());
            if (outside == null) {
                eligible.add(n);
            } else {
                out.add(why.eventPrefix(n) + outside);
            }
        }
        eligible.sort(Comparator.comparing((Integer n) -> time(n), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(n -> n));
        if (statement.query() instanceof EqlNode.EventQuery event) {
            for (int n : eligible) {
                String excluded = excluded(event.filter(), n);
                out.add(why.eventPrefix(n) + (excluded == null ? "matches the query" : excluded));
            }
        } else if (statement.query() instanceof EqlNode.Sequence sequence) {
            out.addAll(sequence(sequence, eligible));
        } else {
            out.addAll(sample((EqlNode.Sample) statement.query(), eligible));
        }
        return out;
    }

    // ---- one event against one filter ----

    /** The first thing in {@code filter} the n-th event fails, in words; null when it matches. */
    private String excluded(EqlNode.EventFilter filter, int n) {
        JsonNode document = events.get(n).document();
        if (!filter.any()) {
            List<JsonNode> categories = DocumentValues.leaves(document, categoryField);
            // a term query on the category field, as EqlLocalExecutor searches it: exact and case-sensitive
            if (categories.stream().noneMatch(c -> c.isString() && c.asString().equals(filter.category()))) {
                return "its " + categoryField + " is " + (categories.isEmpty() ? "missing"
                        : categories.size() == 1 ? categories.get(0) : categories) + ", not \"" + filter.category()
                        + "\" (query line " + filter.categorySpan().start().line() + ")";
            }
        }
        try {
            EqlNode.Expr failing = firstFalse(filter.condition(), document);
            return failing == null ? null : "excluded by " + text(failing) + valuesOf(failing, document);
        } catch (EqlEvaluator.EvaluationException e) {
            return "its condition cannot be evaluated: " + e.getMessage();
        }
    }

    /** Inside an {@code and}, the first false child, looked into in turn; any other false expression is the clause. */
    private EqlNode.Expr firstFalse(EqlNode.Expr expr, JsonNode document) {
        if (evaluator.matches(expr, document)) {
            return null;
        }
        if (expr instanceof EqlNode.And and) {
            for (EqlNode.Expr child : and.children()) {
                EqlNode.Expr failing = firstFalse(child, document);
                if (failing != null) {
                    return failing;
                }
            }
        }
        return expr;
    }

    /** What the event holds in the fields a failing clause reads (up to three), so the reader sees the value. */
    private static String valuesOf(EqlNode.Expr clause, JsonNode document) {
        Set<String> fields = new LinkedHashSet<>();
        EqlWalk.expressions(clause, e -> {
            if (e instanceof EqlNode.Field field) {
                fields.add(field.name());
            }
        });
        StringBuilder text = new StringBuilder();
        fields.stream().limit(3).forEach(field -> {
            List<JsonNode> values = DocumentValues.leaves(document, field);
            text.append(values.isEmpty() ? "; the event has no " + field
                    : "; the event has " + field + " = " + (values.size() == 1 ? values.get(0) : values));
        });
        return text.toString();
    }

    /** A node's query text on one line, with the query line it starts on. */
    private String text(EqlNode node) {
        int start = node.span().start().offset();
        int end = Math.min(node.span().end().offset(), query.length());
        String text = start < end ? query.substring(start, end) : node.toString();
        return "`" + WhyFailed.fold(text) + "` (query line " + node.span().start().line() + ")";
    }

    // ---- sequences ----

    /** A sequence assembled so far: its events (case indices) in order and its join key. */
    private record Chain(List<Integer> events, JoinKey key) {
        Chain extend(int n) {
            List<Integer> longer = new ArrayList<>(events);
            longer.add(n);
            return new Chain(List.copyOf(longer), key);
        }

        int first() {
            return events.get(0);
        }

        int last() {
            return events.get(events.size() - 1);
        }
    }

    private List<String> sequence(EqlNode.Sequence sequence, List<Integer> eligible) {
        List<String> out = new ArrayList<>();
        List<List<Integer>> matches = stepMatches(sequence.steps(), eligible, out);
        List<Integer> untilEvents = List.of();
        if (sequence.until() != null) {
            untilEvents = matching(sequence.until().filter(), eligible);
            out.add("until " + text(sequence.until()) + ": " + (untilEvents.isEmpty() ? "no event of the case matches it"
                    : "matched by " + names(untilEvents)));
        }
        if (anyPositiveStepEmpty(sequence.steps(), matches)) {
            return out;
        }
        // the positive steps, runs unrolled, as SequenceMatcher's stages
        List<Integer> stages = new ArrayList<>();
        for (int i = 0; i < sequence.steps().size(); i++) {
            for (int run = 0; !sequence.steps().get(i).missing() && run < sequence.steps().get(i).runs(); run++) {
                stages.add(i);
            }
        }
        Duration maxSpan = sequence.maxSpan() == null ? null : sequence.maxSpan().duration();
        List<Chain> chains = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        List<EqlNode.Expr> firstKeys = keys(sequence.by(), sequence.steps().get(stages.get(0)).by());
        for (int n : matches.get(stages.get(0))) {
            JoinKey key = JoinKey.of(firstKeys, events.get(n).document(), evaluator);
            if (key == null) {
                reasons.add(why.eventPrefix(n) + noKey(firstKeys));
            } else {
                chains.add(new Chain(List.of(n), key));
            }
        }
        List<EqlNode.Expr> untilKeys = sequence.until() == null ? List.of()
                : keys(sequence.by(), sequence.until().by());
        for (int s = 1; s < stages.size() && !chains.isEmpty(); s++) {
            int step = stages.get(s);
            List<EqlNode.Expr> stepKeys = keys(sequence.by(), sequence.steps().get(step).by());
            List<Chain> longer = new ArrayList<>();
            for (Chain chain : chains) {
                for (int n : matches.get(step)) {
                    String refused = refused(chain, n, eligible, stepKeys, step, stages.get(s - 1), maxSpan,
                            untilEvents, untilKeys);
                    if (refused == null) {
                        longer.add(chain.extend(n));
                    } else {
                        reasons.add(why.eventPrefix(n) + refused);
                    }
                }
            }
            if (longer.isEmpty()) {
                out.add("step " + (step + 1) + " joins no sequence:");
                out.addAll(reasons);
                return out;
            }
            chains = longer;
        }
        if (chains.isEmpty()) {
            out.add("step " + (stages.get(0) + 1) + " starts no sequence:");
            out.addAll(reasons);
            return out;
        }
        out.add("the steps join into a sequence of " + names(chains.get(0).events()) + " with key "
                + chains.get(0).key() + (sequence.steps().stream().anyMatch(EqlNode.Step::missing)
                        ? "; a missing-event step (![...]) may have an event between them" : ""));
        return out;
    }

    /** Why the n-th event (of step {@code step}) cannot extend {@code chain}; null when it can. */
    private String refused(Chain chain, int n, List<Integer> order, List<EqlNode.Expr> keys, int step,
            int previousStep, Duration maxSpan, List<Integer> untilEvents, List<EqlNode.Expr> untilKeys) {
        int last = chain.last();
        if (order.indexOf(n) <= order.indexOf(last)) {
            return "step " + (step + 1) + " would take it, but it comes before " + why.eventName(last) + " of step "
                    + (previousStep + 1) + ": a sequence's steps must come in order";
        }
        JoinKey key = JoinKey.of(keys, events.get(n).document(), evaluator);
        if (key == null) {
            return noKey(keys);
        }
        if (!key.equals(chain.key())) {
            return "step " + (step + 1) + " would take it, but its join key " + keyNames(keys) + " is " + key + ", and "
                    + why.eventName(chain.first()) + " has " + chain.key();
        }
        if (maxSpan != null) {
            Instant start = time(chain.first());
            Instant at = time(n);
            Duration span = Duration.between(start, at);
            if (span.compareTo(maxSpan) > 0) {
                return "step " + (step + 1) + " would take it, but it comes " + duration(span) + " after "
                        + why.eventName(chain.first()) + ", which starts the sequence: maxspan=" + duration(maxSpan)
                        + " is exceeded";
            }
        }
        for (int u : untilEvents) {
            if (order.indexOf(u) > order.indexOf(last) && order.indexOf(u) < order.indexOf(n)
                    && chain.key().equals(JoinKey.of(untilKeys, events.get(u).document(), evaluator))) {
                return "step " + (step + 1) + " would take it, but the until event, " + why.eventName(u) + ","
                        + " comes between it and " + why.eventName(last) + " with the same key " + chain.key()
                        + " and ends the sequence";
            }
        }
        return null;
    }

    // ---- samples ----

    private List<String> sample(EqlNode.Sample sample, List<Integer> eligible) {
        List<String> out = new ArrayList<>();
        List<List<Integer>> matches = stepMatches(sample.steps(), eligible, out);
        if (anyPositiveStepEmpty(sample.steps(), matches)) {
            return out;
        }
        Set<JoinKey> shared = null;
        List<String> keysByStep = new ArrayList<>();
        for (int i = 0; i < sample.steps().size(); i++) {
            List<EqlNode.Expr> keys = keys(sample.by(), sample.steps().get(i).by());
            Set<JoinKey> own = new LinkedHashSet<>();
            for (int n : matches.get(i)) {
                JoinKey key = JoinKey.of(keys, events.get(n).document(), evaluator);
                keysByStep.add(why.eventPrefix(n) + (key == null ? noKey(keys)
                        : "step " + (i + 1) + " takes it with join key " + keyNames(keys) + " = " + key));
                if (key != null) {
                    own.add(key);
                }
            }
            if (shared == null) {
                shared = own;
            } else {
                shared.retainAll(own);
            }
        }
        if (shared == null || shared.isEmpty()) {
            out.add("the steps share no join key, so no sample forms:");
            out.addAll(keysByStep);
        } else {
            out.add("the steps share the join key " + shared.iterator().next() + "; each event fills one step only");
        }
        return out;
    }

    // ---- shared ----

    /** Per step, the eligible events matching its filter, each step stated; per event, why a step without any fails. */
    private List<List<Integer>> stepMatches(List<EqlNode.Step> steps, List<Integer> eligible, List<String> out) {
        List<List<Integer>> matches = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EqlNode.Step step = steps.get(i);
            List<Integer> matching = matching(step.filter(), eligible);
            matches.add(matching);
            String name = (step.missing() ? "missing-event step " : "step ") + (i + 1) + " " + text(step);
            if (!matching.isEmpty()) {
                out.add(name + ": matched by " + names(matching));
            } else if (step.missing()) {
                out.add(name + ": no event of the case matches it");
            } else {
                out.add(name + ": no event of the case matches it" + (eligible.isEmpty() ? " (none is in the rule's"
                        + " indices and window)" : ""));
                for (int n : eligible) {
                    out.add(why.eventPrefix(n) + "not step " + (i + 1) + ": " + excluded(step.filter(), n));
                }
            }
        }
        return matches;
    }

    private static boolean anyPositiveStepEmpty(List<EqlNode.Step> steps, List<List<Integer>> matches) {
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).missing() && matches.get(i).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private List<Integer> matching(EqlNode.EventFilter filter, List<Integer> eligible) {
        return eligible.stream().filter(n -> excluded(filter, n) == null).toList();
    }

    private String noKey(List<EqlNode.Expr> keys) {
        return "it has no value for a join key of " + keyNames(keys) + ", so it joins nothing";
    }

    private static List<EqlNode.Expr> keys(List<EqlNode.Expr> common, List<EqlNode.Expr> own) {
        List<EqlNode.Expr> keys = new ArrayList<>(common);
        keys.addAll(own);
        return keys;
    }

    /** "event 1 (x.toml:12), event 3 (x.toml:20)". */
    private String names(List<Integer> events) {
        return String.join(", ", events.stream().map(why::eventName).toList());
    }

    /** The key expressions as written: "[host.id, user.name]". */
    private String keyNames(List<EqlNode.Expr> keys) {
        List<String> names = new ArrayList<>();
        for (EqlNode.Expr key : keys) {
            names.add(key instanceof EqlNode.Field field ? field.name() : query.substring(key.span().start().offset(),
                    Math.min(key.span().end().offset(), query.length())));
        }
        return names.toString();
    }

    private Instant time(int n) {
        return WhyFailed.time(events.get(n).document(), timestampField);
    }

    /** 3m, 90s or 1500ms: the shortest unit that states the duration exactly, as EQL writes maxspan. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
