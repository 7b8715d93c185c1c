package dev.dac.bench;

import dev.dac.cluster.ClusterSelection;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleRun;
import dev.dac.harness.RuleTestRun;
import dev.dac.validate.CheckedRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shipped EQL sequence rule (certutil decode, then a program from a user folder, by host and user within 2m)
 * over 1,000,000 process events on a node without EQL, so dac assembles the sequences itself. Part of
 * {@code make bench} (BenchmarkSuite); {@code main} runs it alone on the cluster DAC_ENGINE / ES_URL select.
 */
final class EqlSequenceBenchmark {

    static final String RULE_ID = "7d3f9a40-1c2b-4e8f-a6d5-9b0e4c2f1a87";
    private static final String INDEX = "logs-endpoint.events.process-eqlbench";
    private static final int EVENTS = 1_000_000;
    private static final int PAIRS = 10_000;

    private EqlSequenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        RuleTestRun run = RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures")));
        try (RunningElasticsearch es = ClusterSelection.choose(System.getenv()).start()) {
            System.out.println(measure(new ElasticsearchJson(es.client()), es.version(), run));
        }
    }

    /** One result line: timings, alerts, heap, indexing time. */
    static String measure(ElasticsearchJson es, String version, RuleTestRun run) throws Exception {
        Instant at = Instant.parse("2026-04-10T12:00:00Z");
        long indexStart = System.nanoTime();
        boolean reused = complete(es);
        if (!reused) {
            index(es, at);
        }
        double indexing = (System.nanoTime() - indexStart) / 1e9;
        return run(es, version, run, at, reused ? "the events were indexed by an earlier run"
                : String.format(Locale.ROOT, "indexing the events took %.0f s", indexing));
    }

    /** Whether an earlier run left the whole index (it is deleted at the end, so only after an interrupted run). */
    private static boolean complete(ElasticsearchJson es) throws Exception {
        try {
            es.send("POST", "/" + INDEX + "/_refresh", null);
            return es.send("GET", "/" + INDEX + "/_count", null).path("count").asLong() == EVENTS;
        } catch (ElasticsearchJson.RequestFailed e) {
            return false;
        }
    }

    private static void index(ElasticsearchJson es, Instant at) throws Exception {
        es.send("DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
        ObjectNode create = ElasticsearchJson.mapper().createObjectNode();
        ObjectNode properties = create.putObject("mappings").putObject("properties");
        properties.putObject("@timestamp").put("type", "date");
        properties.putObject("event.ingested").put("type", "date");
        for (String keyword : List.of("event.category", "event.type", "host.id", "user.name", "process.name",
                "process.args", "process.executable")) {
            properties.putObject(keyword).put("type", "keyword");
        }
        create.putObject("settings").put("index.refresh_interval", "-1");
        es.send("PUT", "/" + INDEX, create);
        // 10,000 host/user pairs, 100 events each within the rule's 9-minute window: 10 certutil decodes, 10 starts
        // from AppData, 80 other starts; decodes and starts interleave, so every pair completes sequences and the
        // stream dac reads holds 200,000 events
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            int pair = i % PAIRS;
            int n = i / PAIRS;
            Instant when = at.minusSeconds(520).plusMillis(i / 2);
            String name;
            String executable;
            String args;
            if (n % 10 == 0) {
                name = "certutil.exe";
                executable = "C:\\\\Windows\\\\System32\\\\certutil.exe";
                args = "[\"certutil.exe\",\"-decode\",\"a.b64\",\"a.exe\"]";
            } else if (n % 10 == 5) {
                name = "payload.exe";
                executable = "C:\\\\Users\\\\u" + pair + "\\\\AppData\\\\Local\\\\Temp\\\\payload.exe";
                args = "[\"payload.exe\"]";
            } else {
                name = "svchost.exe";
                executable = "C:\\\\Windows\\\\System32\\\\svchost.exe";
                args = "[\"svchost.exe\",\"-k\",\"netsvcs\"]";
            }
            bulk.append("{\"index\":{}}\n{\"@timestamp\":\"").append(when).append("\",\"event.ingested\":\"")
                    .append(when).append("\",\"event.category\":\"process\",\"event.type\":\"start\",\"host.id\":\"h")
                    .append(pair).append("\",\"user.name\":\"u").append(pair).append("\",\"process.name\":\"")
                    .append(name).append("\",\"process.executable\":\"").append(executable)
                    .append("\",\"process.args\":").append(args).append("}\n");
            if ((i + 1) % 10_000 == 0) {
                es.send("POST", "/" + INDEX + "/_bulk", bulk.toString());
                bulk.setLength(0);
            }
        }
        es.send("POST", "/" + INDEX + "/_refresh", null);
    }

    private static String run(ElasticsearchJson es, String version, RuleTestRun run, Instant at, String indexing)
            throws Exception {
        CheckedRule rule = run.rules().get(RULE_ID);
        RuleEngine engine = new RuleEngine();
        Runtime runtime = Runtime.getRuntime();
        AtomicLong peak = new AtomicLong();
        List<Double> seconds = new ArrayList<>();
        int alerts = 0;
        for (int round = 0; round < 3; round++) {
            es.send("DELETE", "/.alerts-security.alerts-eqlbench*?ignore_unavailable=true", null);
            Thread sampler = heapSampler(runtime, peak);
            long start = System.nanoTime();
            RuleRun result = engine.run(rule, new Execution(at, "eqlbench", es, version));
            seconds.add((System.nanoTime() - start) / 1e9);
            sampler.interrupt();
            alerts = result.alerts().size();
        }
        Collections.sort(seconds);
        es.send("DELETE", "/" + INDEX, null);
        es.send("DELETE", "/.alerts-security.alerts-eqlbench*?ignore_unavailable=true", null);
        return String.format(Locale.ROOT, "| EQL sequence over 1,000,000 process events, 10,000 join keys (local"
                + " node, dac assembles) | median %.2f s (min %.2f, max %.2f), %d alerts | shipped sequence rule"
                + " (max_signals 100 sequences = 300 alerts); 200,000 events match a step and are streamed in pages"
                + " of 1,000; dac JVM -Xmx%d MiB, peak heap in use sampled every 50 ms: %d MiB; %s |", seconds.get(1), seconds.get(0), seconds.get(2), alerts, runtime.maxMemory() >> 20,
                peak.get() >> 20, indexing);
    }

    private static Thread heapSampler(Runtime runtime, AtomicLong peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }
}
