package dev.dac.backtest;

import dev.dac.engine.RuleScheduler.ScheduledRun;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a backtest found, kept in bounded memory whatever its length: per rule the executions, alerts created,
 * duplicates, gaps, time spent and the top values of its grouping fields (new terms or threshold fields, counted in
 * a {@link TopValues} table); a fixed-size histogram of alerts over the range. No alert is kept.
 */
public final class BacktestSummary {

    private final Instant from;
    private final Instant to;
    private final long plannedExecutions;
    private final Map<String, PerRule> rules = new LinkedHashMap<>();
    private final AlertHistogram histogram;
    private long executions;
    private boolean stopped;

    BacktestSummary(Instant from, Instant to, long plannedExecutions, List<Rule> ruleList) {
        this.from = from;
        this.to = to;
        this.plannedExecutions = plannedExecutions;
        this.histogram = new AlertHistogram(from, to);
        ruleList.forEach(r -> rules.put(r.ruleId(), new PerRule(r.common().name(), groupingFields(r))));
    }

    /** The fields whose values say what an alert is about: new terms fields, threshold fields; none for others. */
    static List<String> groupingFields(Rule rule) {
        if (rule.typeFields() instanceof TypeFields.NewTermsFields nt) {
            return nt.newTermsFields();
        }
        if (rule.typeFields() instanceof TypeFields.ThresholdFields t && t.threshold() != null) {
            return t.threshold().field();
        }
        return List.of();
    }

    private static final class PerRule {
        final String name;
        final List<String> fields;
        final TopValues top = new TopValues();
        long executions;
        long created;
        long duplicates;
        long gaps;
        Duration took = Duration.ZERO;
        Duration slowest = Duration.ZERO;

        PerRule(String name, List<String> fields) {
            this.name = name;
            this.fields = fields;
        }
    }

    void add(ScheduledRun run) {
        executions++;
        PerRule rule = rules.get(run.ruleId());
        rule.executions++;
        rule.created += run.created().size();
        rule.duplicates += run.duplicates();
        rule.gaps += run.gap().isPresent() ? 1 : 0;
        rule.took = rule.took.plus(run.took());
        rule.slowest = run.took().compareTo(rule.slowest) > 0 ? run.took() : rule.slowest;
        histogram.add(run.at(), run.created().size());
        if (!rule.fields.isEmpty()) {
            for (ObjectNode alert : run.created()) {
                List<String> values = new ArrayList<>();
                for (String field : rule.fields) {
                    JsonNode value = alert.path(field);
                    values.add(value.isMissingNode() || value.isNull() ? "(none)" : value.isArray()
                            ? value.toString() : value.asString());
                }
                rule.top.add(String.join(" | ", values));
            }
        }
    }

    void stopped() {
        stopped = true;
    }

    public long executions() {
        return executions;
    }

    public long plannedExecutions() {
        return plannedExecutions;
    }

    public boolean wasStopped() {
        return stopped;
    }

    public long created() {
        return rules.values().stream().mapToLong(r -> r.created).sum();
    }

    public long duplicates() {
        return rules.values().stream().mapToLong(r -> r.duplicates).sum();
    }

    /** Alerts created by the rule of {@code ruleId}. */
    public long created(String ruleId) {
        PerRule rule = rules.get(ruleId);
        return rule == null ? 0 : rule.created;
    }

    /** The most frequent grouping values of a rule's alerts, most first. */
    public List<Map.Entry<String, Long>> topValues(String ruleId, int n) {
        PerRule rule = rules.get(ruleId);
        return rule == null ? List.of() : rule.top.top(n);
    }

    public void write(PrintWriter out) {
        out.printf(Locale.ROOT, "%nbacktest %s .. %s: %d of %d executions%s%n", from, to, executions,
                plannedExecutions, stopped ? " (stopped before the end; the figures cover the executions run)" : "");
        for (Map.Entry<String, PerRule> entry : rules.entrySet()) {
            PerRule rule = entry.getValue();
            out.printf(Locale.ROOT, "%s (%s): %d executions, %d alerts created, %d duplicates not created, %d gaps;"
                    + " %.1f ms per execution on average, %.1f ms at most%n", rule.name, entry.getKey(),
                    rule.executions, rule.created, rule.duplicates, rule.gaps,
                    rule.executions == 0 ? 0.0 : rule.took.toNanos() / 1e6 / rule.executions,
                    rule.slowest.toNanos() / 1e6);
            if (!rule.fields.isEmpty() && !rule.top.isEmpty()) {
                out.printf("  top values of %s%s:%n", String.join(" | ", rule.fields),
                        rule.top.exact() ? "" : " (approximate: more distinct values than dac counts)");
                rule.top.top(10).forEach(e -> out.printf(Locale.ROOT, "    %6d  %s%n", e.getValue(), e.getKey()));
            }
        }
        out.printf("alerts created over time (%d buckets):%n", AlertHistogram.BUCKETS);
        out.print(histogram.draw());
        out.printf("total: %d alerts created, %d duplicates not created%n", created(), duplicates());
        out.flush();
    }
}
