package dev.dac.engine;

import dev.dac.eql.EqlEvaluator;
import dev.dac.eql.EqlNode;
import dev.dac.eql.EqlTranslator;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An EQL rule run where Elasticsearch has no EQL (dac's local node): dac answers the query itself. Each event filter
 * is translated to Query DSL ({@link EqlTranslator}) and searched in the rule's window in EQL order; what the DSL
 * cannot say is evaluated on each hit ({@link EqlEvaluator}). Event queries keep their matching events; sequences and
 * samples are assembled from one ordered stream in which named queries say which steps an event may fill
 * ({@link SequenceMatcher}, {@link SampleMatcher}). Pipes: {@code head} and {@code tail}.
 */
final class EqlLocalExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String UNTIL = "until";

    private final EqlTranslator translator = new EqlTranslator();
    private final EqlEvaluator evaluator = new EqlEvaluator();

    /** One event filter as the search and the evaluator see it. */
    private record Filter(ObjectNode query, Optional<EqlNode.Expr> residue) {}

    /** How many results and which ones: the first ({@code head}, and the size) or the last ({@code tail}). */
    private record Limit(int size, boolean tail) {}

    RuleRun execute(Rule rule, TypeFields.EqlFields eql, EqlNode.Statement statement, Execution execution)
            throws RuleExecutionException, IOException {
        Settings settings = new Settings(rule, eql, RuleWindows.window(rule, execution));
        Limit limit = limit(statement, rule.common().effectiveMaxSignals());
        EqlAlertBuilder alerts = new EqlAlertBuilder(rule, execution);
        try {
            if (statement.query() instanceof EqlNode.EventQuery query) {
                return events(rule, query, settings, limit, alerts, execution);
            }
            if (statement.query() instanceof EqlNode.Sequence sequence) {
                return sequences(rule, sequence, settings, limit, alerts, execution);
            }
            return samples(rule, (EqlNode.Sample) statement.query(), settings, limit, alerts, execution);
        } catch (EqlEvaluator.EvaluationException e) {
            throw new RuleExecutionException("the rule's EQL query cannot be evaluated: " + e.getMessage());
        }
    }

    /** The rule's fields that shape the search: window, timestamp, tiebreaker and category fields. */
    private record Settings(Rule rule, TypeFields.EqlFields eql, TimeRange window) {
        String timestampField() {
            return blank(eql.timestampField()) ? "@timestamp" : eql.timestampField();
        }

        String tiebreakerField() {
            return blank(eql.tiebreakerField()) ? null : eql.tiebreakerField();
        }

        String categoryField() {
            return blank(eql.eventCategoryOverride()) ? "event.category" : eql.eventCategoryOverride();
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    private static Limit limit(EqlNode.Statement statement, int maxSignals) throws RuleExecutionException {
        int size = maxSignals;
        boolean tail = false;
        for (EqlNode.Pipe pipe : statement.pipes()) {
            if (!pipe.name().equals("head") && !pipe.name().equals("tail")) {
                throw new RuleExecutionException("dac runs the head and tail pipes of EQL on the local node, not '| "
                        + pipe.name() + "'; run this rule with --engine url or docker (an Elasticsearch with EQL)");
            }
            long n = pipe.arguments().isEmpty() ? 10 : ((Number) ((EqlNode.Literal) pipe.arguments().get(0))
                    .value()).longValue();
            size = (int) Math.min(size, n);
            tail = pipe.name().equals("tail");
        }
        return new Limit(size, tail);
    }

    // ---- event queries ----

    private RuleRun events(Rule rule, EqlNode.EventQuery query, Settings settings, Limit limit,
            EqlAlertBuilder alerts, Execution execution) throws IOException {
        Filter filter = filter(query.filter(), settings);
        Deque<EventHit> kept = new ArrayDeque<>();
        String request;
        try (OrderedHits hits = open(execution, settings, List.of(named("step0", filter.query())))) {
            request = hits.request();
            pages:
            for (List<OrderedHits.Hit> page = hits.next(); !page.isEmpty(); page = hits.next()) {
                for (OrderedHits.Hit hit : page) {
                    if (filter.residue().isPresent()
                            && !evaluator.matches(filter.residue().get(), hit.event().source())) {
                        continue;
                    }
                    kept.addLast(hit.event());
                    if (kept.size() > limit.size()) {
                        kept.removeFirst();
                    }
                    if (!limit.tail() && kept.size() == limit.size()) {
                        break pages;
                    }
                }
            }
        }
        List<ObjectNode> built = new ArrayList<>();
        kept.forEach(e -> built.add(alerts.fromEvent(e)));
        return new RuleRun(rule.ruleId(), built, request);
    }

    // ---- sequences ----

    /** A positive step after runs are unrolled: its filter index in the query and its join key expressions. */
    private record Stage(int step, List<EqlNode.Expr> keys) {}

    private RuleRun sequences(Rule rule, EqlNode.Sequence sequence, Settings settings, Limit limit,
            EqlAlertBuilder alerts, Execution execution) throws IOException {
        List<EqlNode.Step> steps = sequence.steps();
        List<Filter> filters = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<ObjectNode> named = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EqlNode.Step step = steps.get(i);
            Filter filter = filter(step.filter(), settings);
            filters.add(filter);
            if (step.missing()) {
                continue;
            }
            named.add(named("step" + i, filter.query()));
            for (int run = 0; run < step.runs(); run++) {
                stages.add(new Stage(i, keys(sequence.by(), step.by())));
            }
        }
        Filter until = sequence.until() == null ? null : filter(sequence.until().filter(), settings);
        List<EqlNode.Expr> untilKeys = sequence.until() == null ? List.of()
                : keys(sequence.by(), sequence.until().by());
        if (until != null) {
            named.add(named(UNTIL, until.query()));
        }
        Duration maxSpan = sequence.maxSpan() == null ? null : sequence.maxSpan().duration();
        MissingEvents missing = new MissingEvents(steps, filters, sequence.by(), maxSpan, settings, execution);
        SequenceMatcher matcher = new SequenceMatcher(stages.size(), maxSpan, limit.size(), limit.tail(),
                missing::absent);
        String request;
        try (OrderedHits hits = open(execution, settings, named)) {
            request = hits.request();
            for (List<OrderedHits.Hit> page = hits.next(); !page.isEmpty(); page = hits.next()) {
                for (OrderedHits.Hit hit : page) {
                    feed(hit, stages, filters, until, untilKeys, matcher);
                }
                if (!matcher.wantsMore()) {
                    break;
                }
            }
        } catch (MissingEvents.Failed e) {
            throw e.cause();
        }
        List<ObjectNode> built = new ArrayList<>();
        for (SequenceMatcher.Sequence found : matcher.results()) {
            built.addAll(alerts.fromSequence(found.events()));
        }
        return new RuleRun(rule.ruleId(), built, request);
    }

    private void feed(OrderedHits.Hit hit, List<Stage> stages, List<Filter> filters, Filter until,
            List<EqlNode.Expr> untilKeys, SequenceMatcher matcher) {
        JsonNode source = hit.event().source();
        if (until != null && hit.matched().contains(UNTIL) && residueHolds(until, source)) {
            matcher.onUntil(key(untilKeys, source));
        }
        List<Integer> matchedStages = new ArrayList<>();
        List<JoinKey> keys = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            boolean matched = hit.matched().contains("step" + stage.step())
                    && residueHolds(filters.get(stage.step()), source);
            keys.add(matched ? key(stage.keys(), source) : null);
            if (matched) {
                matchedStages.add(s);
            }
        }
        if (!matchedStages.isEmpty()) {
            matcher.onEvent(hit.ordinal(), hit.event(), matchedStages, keys);
        }
    }

    // ---- samples ----

    private RuleRun samples(Rule rule, EqlNode.Sample sample, Settings settings, Limit limit,
            EqlAlertBuilder alerts, Execution execution) throws IOException {
        List<Filter> filters = new ArrayList<>();
        List<ObjectNode> named = new ArrayList<>();
        for (int i = 0; i < sample.steps().size(); i++) {
            Filter filter = filter(sample.steps().get(i).filter(), settings);
            filters.add(filter);
            named.add(named("step" + i, filter.query()));
        }
        SampleMatcher matcher = new SampleMatcher(filters.size(), limit.size());
        String request;
        try (OrderedHits hits = open(execution, settings, named)) {
            request = hits.request();
            for (List<OrderedHits.Hit> page = hits.next(); !page.isEmpty() && matcher.wantsMore();
                    page = hits.next()) {
                for (OrderedHits.Hit hit : page) {
                    JsonNode source = hit.event().source();
                    List<Integer> matched = new ArrayList<>();
                    List<JoinKey> keys = new ArrayList<>();
                    for (int i = 0; i < filters.size(); i++) {
                        boolean holds = hit.matched().contains("step" + i) && residueHolds(filters.get(i), source);
                        keys.add(holds ? key(keys(sample.by(), sample.steps().get(i).by()), source) : null);
                        if (holds) {
                            matched.add(i);
                        }
                    }
                    if (!matched.isEmpty()) {
                        matcher.onEvent(hit.event(), matched, keys);
                    }
                }
            }
        }
        List<ObjectNode> built = new ArrayList<>();
        for (List<EventHit> found : matcher.results()) {
            built.addAll(alerts.fromSequence(found));
        }
        return new RuleRun(rule.ruleId(), built, request);
    }

    // ---- shared ----

    private Filter filter(EqlNode.EventFilter eventFilter, Settings settings) {
        EqlTranslator.Translation condition = translator.condition(eventFilter.condition());
        if (eventFilter.any()) {
            return new Filter(condition.query(), condition.residue());
        }
        ObjectNode query = JSON.objectNode();
        ArrayNode clauses = query.putObject("bool").putArray("filter");
        clauses.addObject().putObject("term").putObject(settings.categoryField()).put("value", eventFilter.category());
        clauses.add(condition.query());
        return new Filter(query, condition.residue());
    }

    private boolean residueHolds(Filter filter, JsonNode source) {
        return filter.residue().isEmpty() || evaluator.matches(filter.residue().get(), source);
    }

    private static List<EqlNode.Expr> keys(List<EqlNode.Expr> common, List<EqlNode.Expr> own) {
        List<EqlNode.Expr> keys = new ArrayList<>(common);
        keys.addAll(own);
        return keys;
    }

    JoinKey key(List<EqlNode.Expr> keys, JsonNode source) {
        return JoinKey.of(keys, source, evaluator);
    }

    private static ObjectNode named(String name, ObjectNode query) {
        ObjectNode named = JSON.objectNode();
        named.putObject("bool").put("_name", name).putArray("filter").add(query);
        return named;
    }

    private static OrderedHits open(Execution execution, Settings settings, List<ObjectNode> named)
            throws IOException {
        ObjectNode query = JSON.objectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        filter.add(settings.window().filter());
        filter.addObject().putObject("exists").put("field", settings.timestampField());
        ArrayNode should = bool.putArray("should");
        named.forEach(should::add);
        bool.put("minimum_should_match", 1);
        return new OrderedHits(execution.elasticsearch(), settings.eql().index(), query, settings.timestampField(),
                settings.tiebreakerField());
    }

    /**
     * The check of a sequence's missing events ({@code ![filter]}): no event of that filter with the sequence's join
     * key may lie between the neighbouring events (strictly, by timestamp then tiebreaker); a missing event first or
     * last in the sequence is looked for within maxspan of its neighbour (or to the window's edge without maxspan).
     */
    private final class MissingEvents {

        /** An I/O failure inside the matcher's callback, rethrown by the executor. */
        static final class Failed extends RuntimeException {
            Failed(IOException cause) {
                super(cause);
            }

            IOException cause() {
                return (IOException) getCause();
            }
        }

        private final List<EqlNode.Step> steps;
        private final List<Filter> filters;
        private final List<EqlNode.Expr> by;
        private final Duration maxSpan;
        private final Settings settings;
        private final Execution execution;

        MissingEvents(List<EqlNode.Step> steps, List<Filter> filters, List<EqlNode.Expr> by, Duration maxSpan,
                Settings settings, Execution execution) {
            this.steps = steps;
            this.filters = filters;
            this.by = by;
            this.maxSpan = maxSpan;
            this.settings = settings;
            this.execution = execution;
        }

        boolean absent(SequenceMatcher.Sequence sequence) {
            // positions of the positive events in the step list (runs unrolled)
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                if (!steps.get(i).missing()) {
                    for (int run = 0; run < steps.get(i).runs(); run++) {
                        owner.add(i);
                    }
                }
            }
            for (int i = 0; i < steps.size(); i++) {
                if (!steps.get(i).missing()) {
                    continue;
                }
                int before = owner.lastIndexOf(lastPositiveBefore(i));
                int after = owner.indexOf(firstPositiveAfter(i));
                Ordinal from = before < 0 ? null : sequence.ordinals().get(before);
                Ordinal to = after < 0 ? null : sequence.ordinals().get(after);
                try {
                    if (occurs(i, sequence, from, to)) {
                        return false;
                    }
                } catch (IOException e) {
                    throw new Failed(e);
                }
            }
            return true;
        }

        private int lastPositiveBefore(int step) {
            for (int i = step - 1; i >= 0; i--) {
                if (!steps.get(i).missing()) {
                    return i;
                }
            }
            return -1;
        }

        private int firstPositiveAfter(int step) {
            for (int i = step + 1; i < steps.size(); i++) {
                if (!steps.get(i).missing()) {
                    return i;
                }
            }
            return -1;
        }

        private boolean occurs(int step, SequenceMatcher.Sequence sequence, Ordinal from, Ordinal to)
                throws IOException {
            long start = from != null ? from.timestampNanos()
                    : maxSpan != null ? to.timestampNanos() - maxSpan.toNanos() : nanos(settings.window().from());
            long end = to != null ? to.timestampNanos()
                    : maxSpan != null ? from.timestampNanos() + maxSpan.toNanos() : nanos(settings.window().to());
            ObjectNode query = JSON.objectNode();
            ArrayNode filter = query.putObject("bool").putArray("filter");
            filter.add(settings.window().filter());
            filter.add(filters.get(step).query());
            ObjectNode range = filter.addObject().putObject("range").putObject(settings.timestampField());
            range.put("gte", iso(start)).put("lte", iso(end)).put("format", "strict_date_optional_time_nanos");
            JoinKey expected = sequence.key();
            List<EqlNode.Expr> keys = keys(by, steps.get(step).by());
            try (OrderedHits hits = new OrderedHits(execution.elasticsearch(), settings.eql().index(), query,
                    settings.timestampField(), settings.tiebreakerField())) {
                for (List<OrderedHits.Hit> page = hits.next(); !page.isEmpty(); page = hits.next()) {
                    for (OrderedHits.Hit hit : page) {
                        Ordinal at = hit.ordinal();
                        boolean inside = (from == null ? at.timestampNanos() >= start : strictlyAfter(at, from))
                                && (to == null ? at.timestampNanos() <= end : strictlyAfter(to, at));
                        if (inside && residueHolds(filters.get(step), hit.event().source())
                                && expected.equals(key(keys, hit.event().source()))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** Later by timestamp, or at the same timestamp later by tiebreaker; the same instant alone is not later. */
        private boolean strictlyAfter(Ordinal a, Ordinal b) {
            Ordinal left = new Ordinal(a.timestampNanos(), a.tiebreaker(), 0);
            Ordinal right = new Ordinal(b.timestampNanos(), b.tiebreaker(), 0);
            return left.compareTo(right) > 0;
        }

        private static long nanos(Instant instant) {
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }

        private static String iso(long nanos) {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                    .toString();
        }
    }
}
