package dev.dac.bench;

import dev.dac.deploy.Deployer;
import dev.dac.deploy.DeploymentPlan;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.KibanaConnection;
import dev.dac.deploy.KibanaStandInAccess;
import dev.dac.deploy.Planner;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.engine.Execution;
import dev.dac.engine.RuleEngine;
import dev.dac.engine.RuleRun;
import dev.dac.harness.CaseResult;
import dev.dac.cluster.LocalNode;
import dev.dac.cluster.LocalNodeProvider;
import dev.dac.cluster.LocalNodeSettings;
import dev.dac.harness.RuleTestRun;
import dev.dac.harness.TestCase;
import dev.dac.kql.KqlParser;
import dev.dac.kql.KqlTranslator;
import dev.dac.fields.IndexTemplates;
import dev.dac.rule.RuleFile;
import dev.dac.validate.RuleValidator;
import java.io.IOException;
import dev.dac.cluster.LentNode;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.PatternMappings;
import dev.dac.validate.EsqlVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * dac's benchmarks, with warm-up and repeated runs, reporting median and spread. Run by {@code make bench}
 * (bench/run.sh), which writes the results to BENCHMARKS.md. Not a test: speed goals live here, not in timed tests.
 */
public final class BenchmarkSuite {

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        BenchmarkSuite suite = new BenchmarkSuite();
        if (args.length > 1 && args[1].equals("backtest")) { // the backtest alone: BenchmarkSuite FILE backtest
            suite.report.append("\n## Backtest\n\n| benchmark | result | setup |\n|---|---|---|\n");
            try (LocalNode node = new LocalNodeProvider(LocalNodeSettings.fromEnvironment(System.getenv())).start()) {
                suite.backtestAtScale(node, RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures"))));
            }
            Files.writeString(Path.of(args[0]), suite.report.toString());
            System.out.println(suite.report);
            return;
        }
        suite.validateGeneratedRules();
        suite.esqlVerification();
        suite.kqlThroughput();
        suite.eqlCorpus();
        suite.deployToKibana();
        suite.harnessAndNewTerms();
        Files.writeString(Path.of(args.length > 0 ? args[0] : "target/benchmarks.md"), suite.report.toString());
        System.out.println(suite.report);
    }

    /** Median and spread of {@code runs} timed runs after {@code warmups} untimed ones, in seconds. */
    private static double[] time(int warmups, int runs, ThrowingRunnable body) throws Exception {
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        Collections.sort(seconds);
        return new double[] {seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1)};
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void line(String name, String figure, String how) {
        String row = String.format(Locale.ROOT, "| %s | %s | %s |%n", name, figure, how);
        report.append(row);
        System.out.print(row);
    }

    private static String spread(double[] t) {
        return String.format(Locale.ROOT, "median %.2f s (min %.2f, max %.2f)", t[0], t[1], t[2]);
    }

    void validateGeneratedRules() throws Exception {
        report.append("\n## Validation\n\n| benchmark | result | setup |\n|---|---|---|\n");
        Path dir = Files.createTempDirectory("dac-bench-rules");
        List<Path> templates = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/resources/dev/dac/types"))) {
            files.forEach(templates::add);
        }
        try (var files = Files.list(Path.of("rules/integrations/aws"))) {
            files.forEach(templates::add);
        }
        for (int i = 0; i < 2000; i++) {
            String text = Files.readString(templates.get(i % templates.size()))
                    .replaceFirst("(?m)^rule_id = .*$", String.format("rule_id = \"%08x-0000-4000-8000-%012x\"", i, i))
                    .replaceFirst("(?m)^name = \"(.*)\"$", "name = \"$1 " + i + "\"");
            Files.writeString(dir.resolve("rule_" + i + ".toml"), text);
        }
        double[] t = time(1, 5, () -> new RuleValidator().validate(List.of(dir)));
        line("validate 2,000 generated rule files (all 7 types), in process", spread(t),
                "5 runs after 1 warm-up; schema, model, lints, KQL field checks");
    }

    /**
     * 200 variants of the seed ES|QL rule (each with its own literals, rule_id and name) verified on Elasticsearch
     * by validation's ES|QL stage: on a running node (what 'dac es start' gives), and from cold (the stage starts
     * and stops a local node itself, as 'dac validate' does when none runs).
     */
    void esqlVerification() throws Exception {
        report.append("\n## ES|QL verification\n\n| benchmark | result | setup |\n|---|---|---|\n");
        Path dir = Files.createTempDirectory("dac-bench-esql");
        String seed = Files.readString(Path.of("rules/integrations/aws/"
                + "credential_access_iam_long_term_access_key_correlated_with_elevated_alerts.toml"));
        for (int i = 0; i < 200; i++) {
            String text = seed
                    .replaceFirst("(?m)^rule_id = .*$", String.format("rule_id = \"%08x-0000-4000-8000-%012x\"", i, i))
                    .replaceFirst("(?m)^name = \"(.*)\"$", "name = \"$1 " + i + "\"")
                    .replace("kibana.alert.risk_score >= 47", "kibana.alert.risk_score >= " + (i % 100))
                    .replace("Esql.alert_count_other_elevated_rule > 0", "Esql.alert_count_other_elevated_rule > "
                            + (i % 7));
            Files.writeString(dir.resolve("rule_" + i + ".toml"), text);
        }
        PatternMappings mappings = new PatternMappings(FieldCatalog.builtIn());
        LocalNodeSettings settings = LocalNodeSettings.fromEnvironment(System.getenv());
        try (LocalNode node = new LocalNodeProvider(settings).start()) {
            EsqlVerification warm = EsqlVerification.on(LentNode.of(node, "bench node"), true, "bench node", mappings,
                    notice -> { });
            double[] t = time(1, 5, () -> requireVerified(new RuleValidator(java.time.Clock.systemUTC(), dev.dac.fields.FieldCatalog.builtIn(),
                    java.util.Optional.of(warm)).validate(List.of(dir))));
            line("validate 200 ES|QL rules, verified on a running node", spread(t),
                    "5 runs after 1 warm-up; stand-in index created and deleted each run; in process");
        }
        EsqlVerification cold = EsqlVerification.on(new LocalNodeProvider(settings), true, "local node", mappings,
                notice -> { });
        double[] t = time(0, 3, () -> requireVerified(new RuleValidator(java.time.Clock.systemUTC(), dev.dac.fields.FieldCatalog.builtIn(),
                java.util.Optional.of(cold)).validate(List.of(dir))));
        line("validate 200 ES|QL rules from cold: start a local node, verify, stop it", spread(t),
                "3 runs; assembled home reused; in process");
    }

    private static void requireVerified(dev.dac.validate.RuleSet rules) {
        boolean unverified = rules.report().findings().stream()
                .anyMatch(f -> f.check().code().compareTo("DAC140") >= 0 && f.check().code().compareTo("DAC147") <= 0);
        if (rules.hasErrors() || unverified) {
            throw new IllegalStateException("the benchmark's rules did not all verify: " + rules.report().findings());
        }
    }

    void kqlThroughput() throws Exception {
        report.append("\n## KQL\n\n| benchmark | result | setup |\n|---|---|---|\n");
        var fields = dev.dac.fields.FieldCatalog.builtIn().forPatterns(List.of("logs-aws.cloudtrail-*")).fields();
        List<String> queries = new ArrayList<>(BenchQueries.generated());
        KqlTranslator translator = new KqlTranslator(fields);
        int[] count = new int[1];
        ThrowingRunnable oneSecond = () -> {
            long end = System.nanoTime() + 1_000_000_000L;
            int n = 0;
            while (System.nanoTime() < end) {
                translator.translate(KqlParser.parse(queries.get(n % queries.size())));
                n++;
            }
            count[0] = n;
        };
        List<Integer> rates = new ArrayList<>();
        oneSecond.run(); // warm-up
        oneSecond.run();
        for (int i = 0; i < 5; i++) {
            oneSecond.run();
            rates.add(count[0]);
        }
        Collections.sort(rates);
        line("KQL parse + translate to Query DSL", String.format(Locale.ROOT, "median %,d queries/s (min %,d, max %,d)",
                rates.get(2), rates.get(0), rates.get(4)), queries.size() + " generated CloudTrail queries, CloudTrail"
                + " field map; 5 one-second runs after 2 s warm-up");
    }

    void deployToKibana() throws Exception {
        report.append("\n## Deploy\n\n| benchmark | result | setup |\n|---|---|---|\n");
        RuleValidator validator = new RuleValidator();
        // the shipped rules without exception lists: a rule referencing a list is deployed with its list (measured by
        // the deploy tests), not alone
        List<RuleFile> seeds = validator.validate(List.of(Path.of("rules"))).models().stream()
                .filter(file -> file.document().path("rule").path("exceptions_list").isEmpty()).toList();
        List<RuleFile> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RuleFile seed = seeds.get(i % seeds.size());
            String text = Files.readString(seed.path())
                    .replaceFirst("(?m)^rule_id = .*$", String.format("rule_id = \"%08x-0000-4000-8000-%012x\"", i, i))
                    .replaceFirst("(?m)^name = \"(.*)\"$", "name = \"$1 " + i + "\"");
            rules.add(validator.validateText(seed.path(), text).models().get(0));
        }
        for (Deployer.Mode mode : Deployer.Mode.values()) {
            double[] t = time(0, 3, () -> {
                try (KibanaStandInAccess kibana = KibanaStandInAccess.start("a2V5", Set.of("default"));
                        KibanaClient client = new KibanaClient(new KibanaConnection(kibana.url(), "default", "a2V5",
                                null, null, null, false, new KibanaConnection.Limits(Duration.ofSeconds(10), Duration.ofSeconds(60),
                                Duration.ofMinutes(10), 3, Duration.ofMillis(100))))) {
                    kibana.latency(20);
                    DeploymentPlan plan = new Planner().plan(rules, Planner.remoteRules(client), false);
                    var results = new Deployer(client).apply(plan, mode);
                    if (results.stream().anyMatch(Deployer.RuleResult::failed) || kibana.ruleCount("default") != 1000) {
                        throw new IllegalStateException("deploy failed");
                    }
                }
            });
            line("deploy 1,000 rules, " + mode.name().toLowerCase(Locale.ROOT) + " mode", spread(t),
                    "Kibana stand-in answering every request after 20 ms; plan + apply; 3 runs");
        }
    }

    void harnessAndNewTerms() throws Exception {
        report.append("\n## Rule tests and execution\n\n| benchmark | result | setup |\n|---|---|---|\n");
        RuleTestRun run = RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures")));
        LocalNodeSettings settings = LocalNodeSettings.fromEnvironment(System.getenv());
        long start = System.nanoTime();
        try (LocalNode node = new LocalNodeProvider(settings).start()) {
            double ready = (System.nanoTime() - start) / 1e9;
            CaseResult first = run.run(List.of(run.cases().get(0)), node, Duration.ZERO, r -> { }).results().get(0);
            double firstPassed = (System.nanoTime() - start) / 1e9;
            if (!first.passed()) {
                throw new IllegalStateException("the first case failed");
            }
            line("harness cold start: node start to first case passed", String.format(Locale.ROOT,
                    "%.1f s (node green after %.1f s)", firstPassed, ready), "local node, assembled home reused");
            List<Double> perCase = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (CaseResult result : run.run(run.cases(), node, Duration.ZERO, r -> { }).results()) {
                    perCase.add(result.took().toMillis() / 1000.0);
                }
            }
            Collections.sort(perCase);
            line("time per fixture case on a warm node", String.format(Locale.ROOT,
                    "median %.2f s (min %.2f, p90 %.2f, max %.2f)", perCase.get(perCase.size() / 2), perCase.get(0),
                    perCase.get(perCase.size() * 9 / 10), perCase.get(perCase.size() - 1)),
                    run.cases().size() + " shipped cases x 3 rounds; includes creating and deleting the case's indices");
            newTermsAtScale(node, run);
            String eql = EqlSequenceBenchmark.measure(new ElasticsearchJson(node.client()), node.version(), run);
            report.append(eql).append('\n');
            System.out.println(eql);
            backtestAtScale(node, run);
        }
    }

    /**
     * dac backtest of the first seed rule over 7 days at its 5-minute schedule (2,016 executions) on 1,000,000
     * CloudTrail events spread evenly over the days, 20,000 key/IP pairs drawn at random, so new pairs keep appearing.
     */
    private void backtestAtScale(LocalNode node, RuleTestRun run) throws Exception {
        ElasticsearchJson es = new ElasticsearchJson(node.client());
        String index = "logs-aws.cloudtrail-backtest-bench";
        es.send("DELETE", "/" + index + "?ignore_unavailable=true", null);
        es.send("PUT", "/" + index, dev.dac.harness.CatalogIndex.body(dev.dac.fields.FieldCatalog.builtIn(), index,
                "dac bench", n -> { }));
        Instant to = Instant.parse("2026-04-10T00:00:00Z");
        Instant from = to.minus(Duration.ofDays(7));
        long span = Duration.between(from, to).toMillis();
        java.util.Random random = new java.util.Random(16);
        long indexStart = System.nanoTime();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            Instant when = from.plusMillis(span * i / 1_000_000);
            int pair = random.nextInt(20_000);
            bulk.append("{\"index\":{}}\n{\"@timestamp\":\"").append(when).append("\",\"event.ingested\":\"")
                    .append(when).append("\",\"event.dataset\":\"aws.cloudtrail\",\"event.outcome\":\"success\","
                            + "\"source.ip\":\"10.").append(pair / 65536).append('.').append((pair / 256) % 256)
                    .append('.').append(pair % 256).append("\",\"aws.cloudtrail.user_identity.access_key_id\":\"")
                    .append(String.format("AKIA%016X", pair % 500)).append("\"}\n");
            if ((i + 1) % 5000 == 0) {
                es.send("POST", "/" + index + "/_bulk", bulk.toString());
                bulk.setLength(0);
            }
        }
        es.send("POST", "/" + index + "/_refresh", null);
        double indexing = (System.nanoTime() - indexStart) / 1e9;
        Runtime runtime = Runtime.getRuntime();
        long[] peak = new long[1];
        long started = System.nanoTime();
        dev.dac.backtest.BacktestSummary summary = new dev.dac.backtest.Backtest(es, node.version(),
                dev.dac.fields.FieldCatalog.builtIn()).run(
                List.of(run.rules().get("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f")), from, to, alert -> { },
                (r, done, planned) -> peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory()),
                () -> false);
        double wall = (System.nanoTime() - started) / 1e9;
        line("dac backtest: seed new_terms rule over 7 days at 5m (" + summary.executions() + " executions), 1,000,000"
                + " events", String.format(Locale.ROOT, "%.1f s, %.1f executions/s, %d alerts created, peak heap in"
                + " use %d MiB", wall, summary.executions() / wall, summary.created(), peak[0] >> 20),
                String.format(Locale.ROOT, "20,000 key/IP pairs at random over the 7 days; heap sampled after every"
                        + " execution, JVM capped at -Xmx%d MiB; indexing the events took %.0f s",
                        runtime.maxMemory() >> 20, indexing));
        es.send("DELETE", "/" + index, null);
    }

    private void newTermsAtScale(LocalNode node, RuleTestRun run) throws Exception {
        ElasticsearchJson es = new ElasticsearchJson(node.client());
        String index = "logs-aws.cloudtrail-bench";
        var template = IndexTemplates.load().forPattern(index).orElseThrow();
        ObjectNode create = JsonMapper.builder().build().createObjectNode();
        create.set("settings", template.settings());
        create.set("mappings", template.mappings());
        es.send("PUT", "/" + index, create);
        Instant at = Instant.parse("2026-04-10T12:00:00Z");
        long indexStart = System.nanoTime();
        // 100,000 key/IP pairs, 10 events each: 9 spread over the past 9 days, 1 inside the rule window; 1 pair in
        // 10 has no history, so 10,000 pairs are new and max_signals (100) caps the alerts
        StringBuilder bulk = new StringBuilder();
        int events = 0;
        for (int pair = 0; pair < 100_000; pair++) {
            String key = String.format("AKIA%016X", pair / 20);
            String ip = "10." + (pair / 65536) + "." + ((pair / 256) % 256) + "." + (pair % 256);
            for (int k = 0; k < 10; k++) {
                Instant when = k == 0 ? at.minusSeconds(60 + pair % 240)
                        : pair % 10 == 0 ? at.minusSeconds(120 + k) : at.minus(Duration.ofHours(12L * k + pair % 12));
                bulk.append("{\"index\":{}}\n{\"@timestamp\":\"").append(when).append("\",\"event.ingested\":\"")
                        .append(when).append("\",\"event.dataset\":\"aws.cloudtrail\",\"event.outcome\":\"success\","
                                + "\"source.ip\":\"").append(ip)
                        .append("\",\"aws.cloudtrail.user_identity.access_key_id\":\"").append(key).append("\"}\n");
                if (++events % 5000 == 0) {
                    es.send("POST", "/" + index + "/_bulk", bulk.toString());
                    bulk.setLength(0);
                }
            }
        }
        es.send("POST", "/" + index + "/_refresh", null);
        double indexing = (System.nanoTime() - indexStart) / 1e9;
        dev.dac.validate.CheckedRule newIp = run.rules().get("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
        RuleEngine engine = new RuleEngine();
        int[] alerts = new int[1];
        Runtime runtime = Runtime.getRuntime();
        long[] peak = new long[1];
        double[] t = time(0, 3, () -> {
            es.send("DELETE", "/.alerts-security.alerts-bench*?ignore_unavailable=true", null);
            Execution execution = new Execution(at, "bench", es, node.version());
            RuleRun result = engine.run(newIp, execution);
            alerts[0] = result.alerts().size();
            peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
        });
        line("new_terms over 1,000,000 CloudTrail events, 100,000 key/IP pairs", spread(t) + ", " + alerts[0]
                + " alerts", String.format(Locale.ROOT, "seed rule; 10,000 new pairs in the window; paged composite"
                + " aggregation; dac JVM capped at -Xmx%d MiB (heap in use after a run: %d MiB); indexing the"
                + " events took %.0f s", runtime.maxMemory() >> 20, peak[0] >> 20, indexing));
        es.send("DELETE", "/" + index, null);
        es.send("DELETE", "/.alerts-security.alerts-bench?ignore_unavailable=true", null);
    }

    /** Parsing, and checking the fields of, every production EQL rule of the public detection-rules repository. */
    void eqlCorpus() throws Exception {
        report.append("\n## EQL\n\n| benchmark | result | setup |\n|---|---|---|\n");
        List<dev.dac.eql.PublicEqlRules.PublicRule> rules = dev.dac.eql.PublicEqlRules.all();
        int[] parsed = new int[1];
        double[] t = time(2, 5, () -> {
            parsed[0] = 0;
            for (var rule : rules) {
                try {
                    dev.dac.eql.EqlParser.parse(rule.query());
                    parsed[0]++;
                } catch (dev.dac.eql.EqlSyntaxException e) {
                    // counted as not parsed
                }
            }
        });
        line(String.format(Locale.ROOT, "parse %,d public EQL rules", rules.size()), spread(t) + ", " + parsed[0]
                + "/" + rules.size() + " parsed", "detection-rules rules/ and rules_building_block/; 5 runs after 2"
                + " warm-ups");
        FieldCatalog catalog = FieldCatalog.builtIn();
        int[] errors = new int[1];
        double[] c = time(1, 3, () -> {
            errors[0] = 0;
            for (var rule : rules) {
                errors[0] += (int) dev.dac.eql.EqlFieldCheck.forRule(catalog, rule.index(), rule.integration())
                        .check(dev.dac.eql.EqlParser.parse(rule.query())).stream()
                        .filter(p -> p.kind() != dev.dac.eql.EqlFieldCheck.Kind.UNCONFIRMED_FIELD).count();
            }
        });
        line(String.format(Locale.ROOT, "parse and field-check %,d public EQL rules", rules.size()), spread(c) + ", "
                + errors[0] + " errors", "built-in field catalog, each rule's index patterns; 3 runs after 1 warm-up");
    }

    /** Queries for the throughput benchmark: the KQL generator of the differential test. */
    static final class BenchQueries {
        static List<String> generated() {
            return dev.dac.kql.BenchAccess.queries(200);
        }
    }

}
