package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.rule.RuleFile;
import dev.dac.validate.RuleTexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Plan, deploy and export against the Kibana stand-in. */
class DeployerTest {

    static final String KEY = "c2VjcmV0LWlkOnNlY3JldC1rZXktdmFsdWU=";

    private KibanaStandIn kibana;

    @BeforeEach
    void start() throws Exception {
        kibana = new KibanaStandIn(KEY, Set.of("default", "team-a"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private final FakeClock clock = new FakeClock();

    /** Limits for tests: waits are on the fake clock; the real-time bounds only stop a test that would hang. */
    static KibanaConnection.Limits limits() {
        return new KibanaConnection.Limits(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(10), 3,
                Duration.ofMillis(10));
    }

    private KibanaClient client(String space) throws Exception {
        KibanaConnection connection = new KibanaConnection(kibana.url(), space, KEY, null, null, null, false,
                limits());
        kibana.clock(clock);
        return new KibanaClient(connection, message -> { }, clock);
    }

    /** The two seed rules, validated (the folder that holds them and nothing else). */
    static List<RuleFile> seeds() {
        return new dev.dac.validate.RuleValidator().validate(List.of(Path.of("rules/integrations/aws"))).models();
    }

    private List<Deployer.RuleResult> deploy(KibanaClient client, List<RuleFile> rules, boolean prune,
            Deployer.Mode mode) throws Exception {
        DeploymentPlan plan = new Planner().plan(rules, Planner.remoteRules(client), prune);
        return new Deployer(client).apply(plan, mode);
    }

    @Test
    void firstDeployCreatesBothSeedRulesAndASecondChangesNothing() throws Exception {
        try (KibanaClient client = client("default")) {
            DeploymentPlan first = new Planner().plan(seeds(), Planner.remoteRules(client), false);
            assertThat(first.of(DeploymentPlan.Action.CREATE)).hasSize(2);

            List<Deployer.RuleResult> results = new Deployer(client).apply(first, Deployer.Mode.IMPORT);
            assertThat(results).extracting(Deployer.RuleResult::outcome).containsOnly("created");
            assertThat(kibana.rules("default")).containsOnlyKeys("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f",
                    "98cfaa44-83f0-4aba-90c4-363fb9d51a75");
            ObjectNode newIp = kibana.rules("default").get("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
            assertThat(newIp.path("new_terms_fields").toString())
                    .isEqualTo("[\"aws.cloudtrail.user_identity.access_key_id\",\"source.ip\"]");
            assertThat(newIp.path("history_window_start").asString()).isEqualTo("now-10d");

            int requestsBefore = kibana.received().size();
            DeploymentPlan second = new Planner().plan(seeds(), Planner.remoteRules(client), false);
            assertThat(second.changesSomething()).isFalse();
            assertThat(second.of(DeploymentPlan.Action.UNCHANGED)).hasSize(2);
            new Deployer(client).apply(second, Deployer.Mode.IMPORT);
            assertThat(kibana.received().subList(requestsBefore, kibana.received().size()))
                    .noneMatch(r -> r.method().equals("POST") || r.method().equals("PUT"));
        }
    }

    @Test
    void aChangedRuleShowsItsDiffAndIsUpdated() throws Exception {
        try (KibanaClient client = client("default")) {
            deploy(client, seeds(), false, Deployer.Mode.UPSERT);
            String changed = RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), "max_signals = 100",
                    "max_signals = 50");
            RuleFile edited = RuleTexts.checked(RuleTexts.NEW_IP_RULE, changed).models().get(0);
            List<RuleFile> rules = List.of(edited, seeds().stream().filter(r -> !r.rule().ruleId().equals(
                    edited.rule().ruleId())).findFirst().orElseThrow());

            DeploymentPlan plan = new Planner().plan(rules, Planner.remoteRules(client), false);

            DeploymentPlan.Entry update = plan.of(DeploymentPlan.Action.UPDATE).get(0);
            assertThat(update.ruleId()).isEqualTo("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
            assertThat(update.changes()).singleElement().satisfies(c -> {
                assertThat(c.field()).isEqualTo("max_signals");
                assertThat(c.kibana().asInt()).isEqualTo(100);
                assertThat(c.repository().asInt()).isEqualTo(50);
            });
            assertThat(new Deployer(client).apply(plan, Deployer.Mode.UPSERT)).extracting(Deployer.RuleResult::outcome)
                    .contains("updated", "unchanged");
            ObjectNode stored = kibana.rules("default").get("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
            assertThat(stored.path("max_signals").asInt()).isEqualTo(50);
            assertThat(stored.path("revision").asInt()).isEqualTo(1);
        }
    }

    @Test
    void rulesOnlyInKibanaAreListedAndDeletedOnlyWithPrune() throws Exception {
        try (KibanaClient client = client("default")) {
            deploy(client, seeds(), false, Deployer.Mode.IMPORT);
            List<RuleFile> onlyOne = seeds().subList(0, 1);

            DeploymentPlan keep = new Planner().plan(onlyOne, Planner.remoteRules(client), false);
            assertThat(keep.of(DeploymentPlan.Action.KEEP_REMOTE)).hasSize(1);
            new Deployer(client).apply(keep, Deployer.Mode.IMPORT);
            assertThat(kibana.rules("default")).hasSize(2);

            DeploymentPlan prune = new Planner().plan(onlyOne, Planner.remoteRules(client), true);
            assertThat(prune.of(DeploymentPlan.Action.DELETE)).hasSize(1);
            assertThat(new Deployer(client).apply(prune, Deployer.Mode.IMPORT)).extracting(Deployer.RuleResult::outcome)
                    .contains("deleted");
            assertThat(kibana.rules("default")).containsOnlyKeys(onlyOne.get(0).rule().ruleId());
        }
    }

    @Test
    void spacesAreSeparateAndAnUnknownSpaceIsExplained() throws Exception {
        try (KibanaClient teamA = client("team-a")) {
            deploy(teamA, seeds(), false, Deployer.Mode.IMPORT);
        }
        assertThat(kibana.rules("team-a")).hasSize(2);
        assertThat(kibana.rules("default")).isEmpty();
        assertThat(kibana.received()).allSatisfy(r -> assertThat(r.path()).startsWith("/s/team-a/api/"));
        try (KibanaClient nowhere = client("nowhere")) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(nowhere));
            assertThat(e.getMessage()).contains("could not list the rules (404)").contains("space/nowhere");
        }
    }

    @Test
    void onePartialImportFailureLeavesTheOthersAppliedAndNamesTheRule() throws Exception {
        kibana.reject("98cfaa44-83f0-4aba-90c4-363fb9d51a75", "data view not found");
        try (KibanaClient client = client("default")) {
            List<Deployer.RuleResult> results = deploy(client, seeds(), false, Deployer.Mode.IMPORT);
            assertThat(results).filteredOn(Deployer.RuleResult::failed).singleElement().satisfies(r -> {
                assertThat(r.ruleId()).isEqualTo("98cfaa44-83f0-4aba-90c4-363fb9d51a75");
                assertThat(r.message()).contains("Kibana rejected it: 400: data view not found");
            });
            assertThat(kibana.rules("default")).containsOnlyKeys("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
        }
    }

    @Test
    void tooManyRequestsAndUnavailableAreRetriedThenSucceed() throws Exception {
        kibana.failNext(2, 429);
        kibana.failNext(1, 503);
        try (KibanaClient client = client("default")) {
            assertThat(deploy(client, seeds(), false, Deployer.Mode.IMPORT)).noneMatch(Deployer.RuleResult::failed);
        }
        assertThat(kibana.received().stream().filter(r -> r.path().contains("_find")).count()).isEqualTo(4);
        assertThat(kibana.rules("default")).hasSize(2);
    }

    @Test
    void persistentOverloadGivesUpWithAClearMessage() throws Exception {
        kibana.failNext(10, 503);
        try (KibanaClient client = client("default")) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("answered 503 4 times");
        }
    }

    @Test
    void badRequestsAreNotRetried() throws Exception {
        try (KibanaClient client = client("default")) {
            ObjectNode invalid = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("rule_id", "not-a-uuid");
            KibanaClient.KibanaResponse response = client.send("POST", "/api/detection_engine/rules", invalid);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("message").asString()).isNotBlank();
        }
        assertThat(kibana.received()).hasSize(1);
    }

    @Test
    void slowAnswersTimeOutAndAreRetried() throws Exception {
        try (KibanaClient client = client("default")) {
            kibana.slowNext(3_000);
            assertThat(Planner.remoteRules(client)).isEmpty();
            assertThat(kibana.received()).hasSize(2);

            for (int i = 0; i < 4; i++) {
                kibana.slowNext(3_000);
            }
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("did not answer GET /api/detection_engine/rules/_find").contains("4 times");
        }
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        kibana.dropNext();
        try (KibanaClient client = client("default")) {
            assertThat(deploy(client, seeds(), false, Deployer.Mode.UPSERT)).noneMatch(Deployer.RuleResult::failed);
        }
        assertThat(kibana.rules("default")).hasSize(2);
    }

    @Test
    void wrongCredentialsAreExplainedWithoutTheKey() throws Exception {
        KibanaConnection wrong = new KibanaConnection(kibana.url(), "default", "d3JvbmcteC15", null, null, null,
                false, limits());
        try (KibanaClient client = new KibanaClient(wrong, message -> { }, clock)) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("refused the credentials (401)").contains("KIBANA_API_KEY")
                    .doesNotContain("d3JvbmcteC15");
            assertThat(wrong.toString()).contains("API key").doesNotContain("d3JvbmcteC15");
        }
        assertThat(kibana.received()).hasSize(1);
    }

    @Test
    void everyRequestCarriesKibanasHeaders() throws Exception {
        try (KibanaClient client = client("default")) {
            deploy(client, seeds(), false, Deployer.Mode.IMPORT);
        }
        assertThat(kibana.received()).allSatisfy(r -> {
            assertThat(r.headers().get("Elastic-api-version")).containsExactly("2023-10-31");
            assertThat(r.headers().get("Authorization")).containsExactly("ApiKey " + KEY);
            if (!r.method().equals("GET")) {
                assertThat(r.headers().get("Kbn-xsrf")).isNotNull();
            }
        });
        assertThat(kibana.received()).anySatisfy(r -> {
            assertThat(r.path()).startsWith("/api/detection_engine/rules/_import?overwrite=true");
            assertThat(r.headers().get("Content-type").get(0)).startsWith("multipart/form-data");
            assertThat(r.body()).contains("filename=\"rules.ndjson\"");
        });
    }

    @Test
    void exportThenConvertRoundTripsWithoutLoss(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (KibanaClient client = client("default")) {
            deploy(client, seeds(), false, Deployer.Mode.IMPORT);
            List<ObjectNode> exported = Deployer.export(client);
            assertThat(exported).hasSize(2);
            RuleExporter exporter = new RuleExporter();
            for (ObjectNode rule : exported) {
                String toml = exporter.toToml(rule);
                // laid out like a detection-rules file, not a machine dump
                assertThat(toml).contains("[metadata]\n").contains("\n[rule]\n").contains("query = '''\n")
                        .contains("\n[[rule.threat]]\n").contains("\n[rule.threat.tactic]\n")
                        .contains("\n[[rule.threat.technique]]\n");
                if (rule.has("new_terms_fields")) {
                    assertThat(toml).contains("\n[rule.new_terms]\n").contains("\n[[rule.new_terms.history_window_start]]\n");
                }
                Path file = RuleTexts.write(dir, RuleExporter.fileName(rule), toml);
                // read back the way every command reads rules: validated, refused on any error
                RuleFile back = new dev.dac.validate.RuleValidator().validate(List.of(file)).models().get(0);
                ObjectNode original = new RuleConverter().toApi(seeds().stream()
                        .filter(s -> s.rule().ruleId().equals(rule.path("rule_id").asString())).findFirst().orElseThrow());
                assertThat(RuleNormalizer.normalize(new RuleConverter().toApi(back)))
                        .isEqualTo(RuleNormalizer.normalize(original));
            }
            // and the exported files pass validation (apart from the correlation rule's known note drift)
            assertThat(dev.dac.validate.RuleTexts.validate(dir).errors()).isEmpty();
        }
    }
}
