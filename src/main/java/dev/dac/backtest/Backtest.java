package dev.dac.backtest;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleExecutionException;
import dev.dac.engine.RuleSchedule;
import dev.dac.engine.RuleScheduler;
import dev.dac.engine.RuleScheduler.ScheduledRun;
import dev.dac.fields.FieldCatalog;
import dev.dac.harness.CatalogIndex;
import dev.dac.validate.CheckedRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs rules on their schedule over data already in a cluster, as Kibana would have run them between two instants:
 * each rule at from + interval, from + 2 intervals, ... up to to, with its own window, in time order (rules due at
 * the same instant in the order given). It only searches the source indices; alerts go to a scratch alerts index it
 * creates (its name starts with {@code .alerts-security.alerts-}, so higher-order rules read them) and deletes at
 * the end. Memory is bounded: the schedule is walked one execution at a time, each execution's created alerts go to
 * {@code alerts} and the {@link BacktestSummary}, then are dropped.
 */
public final class Backtest {

    /** Kibana's space whose alert ids the backtest reproduces. */
    static final String SPACE = "default";
    static final String CREATED_BY = "dac backtest";

    private final ElasticsearchJson elasticsearch;
    private final String version;
    private final FieldCatalog catalog;

    public Backtest(ElasticsearchJson elasticsearch, String version, FieldCatalog catalog) {
        this.elasticsearch = elasticsearch;
        this.version = version;
        this.catalog = catalog;
    }

    /** Hears each execution as it ends: the run, how many executions are done, and how many there will be. */
    public interface Listener {
        void executed(ScheduledRun run, long done, long planned);
    }

    /** The number of executions of {@code rules} between {@code from} and {@code to}. */
    public static long plannedExecutions(List<CheckedRule> rules, Instant from, Instant to)
            throws RuleExecutionException {
        long total = 0;
        for (CheckedRule rule : rules) {
            total += Duration.between(from, to).toMillis() / RuleSchedule.interval(rule.ruleFile().rule()).toMillis();
        }
        return total;
    }

    /**
     * Runs the backtest until its end or until {@code stop} says so (checked between executions); the summary
     * covers the executions that ran. The scratch alerts index is deleted in every case.
     */
    public BacktestSummary run(List<CheckedRule> rules, Instant from, Instant to, Consumer<ObjectNode> alerts,
            Listener listener, BooleanSupplier stop) throws RuleExecutionException, IOException {
        long planned = plannedExecutions(rules, from, to);
        BacktestSummary summary = new BacktestSummary(from, to, planned,
                rules.stream().map(r -> r.ruleFile().rule()).toList());
        String alertsIndex = Execution.spaceAlertsIndex("dac-backtest-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        elasticsearch.send("PUT", "/" + alertsIndex, CatalogIndex.body(catalog, alertsIndex, CREATED_BY, n -> { }));
        try {
            Execution base = new Execution(from, SPACE, elasticsearch, version, alertsIndex);
            RuleScheduler scheduler = new RuleScheduler();
            // one pending instant per rule: the next execution is always the earliest of them
            PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparing(Due::at).thenComparing(Due::order));
            List<Duration> intervals = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                intervals.add(RuleSchedule.interval(rules.get(i).ruleFile().rule()));
                due.add(new Due(from.plus(intervals.get(i)), i));
            }
            long done = 0;
            while (!due.isEmpty() && !due.peek().at().isAfter(to)) {
                if (stop.getAsBoolean()) {
                    summary.stopped();
                    break;
                }
                Due next = due.poll();
                ScheduledRun run = scheduler.run(rules.get(next.order()), base.movedTo(next.at()));
                run.created().forEach(alerts);
                summary.add(run);
                listener.executed(run, ++done, planned);
                due.add(new Due(next.at().plus(intervals.get(next.order())), next.order()));
            }
            return summary;
        } finally {
            elasticsearch.send("DELETE", "/" + alertsIndex, null);
        }
    }

    private record Due(Instant at, int order) {}
}
