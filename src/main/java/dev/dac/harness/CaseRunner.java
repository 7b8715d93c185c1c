package dev.dac.harness;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleExecutionException;
import dev.dac.engine.RuleScheduler;
import dev.dac.fields.FieldCatalog;
import dev.dac.validate.CheckedRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs fixture cases on Elasticsearch: fresh indices mapped as the field catalog knows them (a template where one
 * serves the index, else its integration table and ECS, in types the local node has), the events and earlier alerts
 * indexed, the rules run in order (each reading the alerts of the ones before), on the case's timeline when it has
 * one (events arriving at their ingest time), and the alerts created compared with the expected ones. It deletes only indices it created itself.
 */
public final class CaseRunner {

    public static final String SPACE = "default";

    private final ElasticsearchJson elasticsearch;
    private final String version;
    private final FieldCatalog catalog;
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();

    public CaseRunner(ElasticsearchJson elasticsearch, String version) {
        this(elasticsearch, version, FieldCatalog.builtIn());
    }

    /** {@code catalog} maps the indices; a repository's own index templates go into it when the caller builds it. */
    public CaseRunner(ElasticsearchJson elasticsearch, String version, FieldCatalog catalog) {
        this.elasticsearch = elasticsearch;
        this.version = version;
        this.catalog = catalog;
    }

    /** What the run should say besides results: indices no source knows, which got Elasticsearch's guesses. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public CaseResult run(TestCase testCase, Map<String, CheckedRule> rules) {
        long started = System.nanoTime();
        Execution execution = new Execution(testCase.executeAt(), SPACE, elasticsearch, version);
        try {
            for (String ruleId : testCase.ruleIds()) {
                if (!rules.containsKey(ruleId)) {
                    return failed(testCase, "rule " + ruleId + " is not among the rules loaded (check its rule_id"
                            + " and that its file validates)", started);
                }
            }
            for (TestCase.Expectation expectation : testCase.expectations()) {
                if (!testCase.ruleIds().contains(expectation.ruleId())) {
                    return failed(testCase, "the case expects alerts of rule " + expectation.ruleId()
                            + ", which it does not run; add it to rules = [...]", started);
                }
            }
            List<Timeline.Run> executions = CaseTimeline.executions(testCase, rules);
            // late arrival on a real node: an event is indexed just before the first execution at or after its
            // ingest time, so earlier executions cannot see it
            List<TestCase.SourceEvent> pending = new ArrayList<>(testCase.events());
            Instant first = executions.isEmpty() ? testCase.executeAt() : executions.get(0).at();
            prepare(testCase, execution, arrived(pending, first));
            RuleScheduler scheduler = new RuleScheduler();
            List<RuleScheduler.ScheduledRun> runs = new ArrayList<>();
            for (Timeline.Run planned : executions) {
                index(arrived(pending, planned.at()), List.of(), execution.alertsIndex());
                runs.add(scheduler.run(rules.get(planned.ruleId()), execution.movedTo(planned.at())));
            }
            if (!pending.isEmpty()) {
                notes.add(testCase.name() + ": " + pending.size() + " event(s) ingested after the last execution were"
                        + " never indexed");
            }
            List<CaseResult.RuleOutcome> outcomes = new ArrayList<>(CaseTimeline.outcomes(testCase, runs));
            for (int x = 0; x < outcomes.size(); x++) {
                CaseResult.RuleOutcome outcome = outcomes.get(x);
                if (!outcome.passed()) {
                    outcomes.set(x, outcome.explained(new WhyFailed(execution, testCase).explain(x,
                            rules.get(outcome.expectation().ruleId()).ruleFile().rule(), outcome.actual())));
                }
            }
            return new CaseResult(testCase, outcomes, null, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuleExecutionException e) {
            return failed(testCase, e.getMessage(), started);
        } catch (IOException e) {
            return failed(testCase, "Elasticsearch request failed: " + e.getMessage(), started);
        }
    }

    /** Removes from {@code pending} and returns the events an execution at {@code at} sees. */
    private static List<TestCase.SourceEvent> arrived(List<TestCase.SourceEvent> pending, Instant at) {
        List<TestCase.SourceEvent> now = pending.stream().filter(e -> e.visibleAt(at)).toList();
        pending.removeAll(now);
        return now;
    }

    private static CaseResult failed(TestCase testCase, String error, long started) {
        return new CaseResult(testCase, List.of(), error, Duration.ofNanos(System.nanoTime() - started));
    }

    private void prepare(TestCase testCase, Execution execution, List<TestCase.SourceEvent> visible)
            throws IOException {
        cleanUp();
        Set<String> eventIndices = new LinkedHashSet<>();
        testCase.events().forEach(e -> eventIndices.add(e.index()));
        for (String index : eventIndices) {
            create(index);
        }
        create(execution.alertsIndex());
        index(visible, testCase.existingAlerts(), execution.alertsIndex());
    }

    /** Indexes {@code events} and {@code alerts} (into {@code alertsIndex}), refreshed for the next search. */
    private void index(List<TestCase.SourceEvent> events, List<ObjectNode> alerts, String alertsIndex)
            throws IOException {
        StringBuilder bulk = new StringBuilder();
        for (TestCase.SourceEvent event : events) {
            bulk.append("{\"index\":{\"_index\":\"").append(event.index()).append("\"}}\n")
                    .append(ElasticsearchJson.mapper().writeValueAsString(event.document())).append('\n');
        }
        for (ObjectNode alert : alerts) {
            bulk.append("{\"index\":{\"_index\":\"").append(alertsIndex).append("\"}}\n")
                    .append(ElasticsearchJson.mapper().writeValueAsString(alert)).append('\n');
        }
        if (bulk.length() > 0) {
            var response = elasticsearch.send("POST", "/_bulk?refresh=true", bulk.toString());
            if (response.path("errors").asBoolean()) {
                for (var item : response.path("items")) {
                    var error = item.path("index").path("error");
                    if (!error.isMissingNode()) {
                        throw new IOException("indexing a fixture document failed: " + error.path("reason").asString());
                    }
                }
            }
        }
    }

    /**
     * Creates {@code index} mapped as the catalog knows it, marked as dac's. An index of that name left by an
     * interrupted earlier run (it carries the mark) is replaced; one dac did not create is never touched.
     */
    private void create(String index) throws IOException {
        ObjectNode body = CatalogIndex.body(catalog, index, "dac test", notes::add);
        try {
            elasticsearch.send("PUT", "/" + index, body);
        } catch (ElasticsearchJson.RequestFailed e) {
            if (!e.getMessage().contains("already exists")) {
                throw e;
            }
            if (CatalogIndex.creator(elasticsearch, index).isEmpty()) {
                throw new IOException("index " + index + " already exists and dac test did not create it; run the"
                        + " cases on a scratch cluster, or delete the index");
            }
            elasticsearch.send("DELETE", "/" + index, null);
            elasticsearch.send("PUT", "/" + index, body);
        }
        created.add(index);
    }

    /** Deletes the indices this runner created; call once when done. */
    public void cleanUp() throws IOException {
        for (String index : new ArrayList<>(created)) {
            elasticsearch.send("DELETE", "/" + index + "?ignore_unavailable=true", null);
            created.remove(index);
        }
    }
}
