package dev.dac.harness;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleExecutionException;
import dev.dac.engine.RuleRun;
import dev.dac.fields.FieldCatalog;
import java.util.Optional;
import dev.dac.validate.CheckedRule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs fixture cases on Elasticsearch: fresh indices mapped as the field catalog knows them (a template where one
 * serves the index, else its integration table and ECS, in types the local node has), the events and earlier alerts
 * indexed, the rules run in order (each reading the alerts of the ones before), and the raised alerts compared with
 * the expected ones. It deletes only indices it created itself.
 */
public final class CaseRunner {

    public static final String SPACE = "default";

    private final ElasticsearchJson elasticsearch;
    private final String version;
    private final FieldCatalog catalog;
    private final RuleEngine engine = new RuleEngine();
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
        List<CaseResult.RuleOutcome> outcomes = new ArrayList<>();
        try {
            for (String ruleId : testCase.ruleIds()) {
                if (!rules.containsKey(ruleId)) {
                    return failed(testCase, "rule " + ruleId + " is not among the rules loaded (check its rule_id"
                            + " and that its file validates)", started);
                }
            }
            prepare(testCase, execution);
            Map<String, RuleRun> runs = new java.util.LinkedHashMap<>();
            for (String ruleId : testCase.ruleIds()) {
                runs.put(ruleId, engine.run(rules.get(ruleId), execution));
            }
            for (int x = 0; x < testCase.expectations().size(); x++) {
                TestCase.Expectation expectation = testCase.expectations().get(x);
                RuleRun run = runs.get(expectation.ruleId());
                if (run == null) {
                    return failed(testCase, "the case expects alerts of rule " + expectation.ruleId()
                            + ", which it does not run; add it to rules = [...]", started);
                }
                List<String> differences = AlertMatcher.differences(expectation, run.alerts());
                List<String> why = differences.isEmpty() ? List.of() : new WhyFailed(execution, testCase)
                        .explain(x, rules.get(expectation.ruleId()).ruleFile().rule(), run.alerts());
                outcomes.add(new CaseResult.RuleOutcome(expectation, run.alerts(), differences, run.request(), why));
            }
            return new CaseResult(testCase, outcomes, null, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuleExecutionException e) {
            return failed(testCase, e.getMessage(), started);
        } catch (IOException e) {
            return failed(testCase, "Elasticsearch request failed: " + e.getMessage(), started);
        }
    }

    private static CaseResult failed(TestCase testCase, String error, long started) {
        return new CaseResult(testCase, List.of(), error, Duration.ofNanos(System.nanoTime() - started));
    }

    private void prepare(TestCase testCase, Execution execution) throws IOException {
        cleanUp();
        Set<String> eventIndices = new LinkedHashSet<>();
        testCase.events().forEach(e -> eventIndices.add(e.index()));
        for (String index : eventIndices) {
            create(index);
        }
        create(execution.alertsIndex());
        StringBuilder bulk = new StringBuilder();
        for (TestCase.SourceEvent event : testCase.events()) {
            bulk.append("{\"index\":{\"_index\":\"").append(event.index()).append("\"}}\n")
                    .append(ElasticsearchJson.mapper().writeValueAsString(event.document())).append('\n');
        }
        for (ObjectNode alert : testCase.existingAlerts()) {
            bulk.append("{\"index\":{\"_index\":\"").append(execution.alertsIndex()).append("\"}}\n")
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
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        Optional<dev.dac.fields.IndexTemplates.IndexTemplate> template = catalog.template(index);
        if (template.isPresent()) {
            body.set("settings", template.get().settings());
            body.set("mappings", template.get().mappings().deepCopy());
        } else {
            Optional<ObjectNode> known = catalog.mappingFor(index, LocalNodeTypes::local);
            if (known.isPresent()) {
                body = catalogIndex(known.get());
            } else {
                notes.add("index " + index + ": no index template, integration table or ECS applies, so it was"
                        + " created with dynamic mapping (field types are Elasticsearch's guesses from the events)");
            }
        }
        ObjectNode mappings = body.has("mappings") ? (ObjectNode) body.get("mappings") : body.putObject("mappings");
        mappings.putObject("_meta").put(CREATED_BY, "dac test");
        try {
            elasticsearch.send("PUT", "/" + index, body);
        } catch (ElasticsearchJson.RequestFailed e) {
            if (!e.getMessage().contains("already exists")) {
                throw e;
            }
            var existing = elasticsearch.send("GET", "/" + index + "/_mapping", null);
            boolean ours = existing.path(index).path("mappings").path("_meta").path(CREATED_BY).isString();
            if (!ours) {
                throw new IOException("index " + index + " already exists and dac test did not create it; run the"
                        + " cases on a scratch cluster, or delete the index");
            }
            elasticsearch.send("DELETE", "/" + index, null);
            elasticsearch.send("PUT", "/" + index, body);
        }
        created.add(index);
    }

    private static final String CREATED_BY = "dac_created_by";

    /**
     * The body that creates an index with a catalog mapping: ECS and a package's table together hold thousands of
     * fields and more nested ones than Elasticsearch allows by default.
     */
    static ObjectNode catalogIndex(ObjectNode mappings) {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.putObject("settings").put("index.mapping.total_fields.limit", 20000)
                .put("index.mapping.nested_fields.limit", 1000);
        body.set("mappings", mappings);
        return body;
    }

    /** Deletes the indices this runner created; call once when done. */
    public void cleanUp() throws IOException {
        for (String index : new ArrayList<>(created)) {
            elasticsearch.send("DELETE", "/" + index + "?ignore_unavailable=true", null);
            created.remove(index);
        }
    }
}
