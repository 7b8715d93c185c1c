package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kibana that answers wrongly: plan and deploy must never report a success that did not happen, never wait
 * without end, never send a rule anywhere but the configured Kibana. Waits run on a fake clock.
 */
class HostileKibanaTest {

    static final String KEY = DeployerTest.KEY;
    static final String NEW_IP = "9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f";
    static final String CORRELATED = "98cfaa44-83f0-4aba-90c4-363fb9d51a75";

    private final FakeClock clock = new FakeClock();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private KibanaStandIn kibana;

    @BeforeEach
    void start() throws Exception {
        kibana = new KibanaStandIn(KEY, Set.of("default"));
        kibana.clock(clock);
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private KibanaClient client(KibanaConnection.Limits limits) throws Exception {
        return new KibanaClient(new KibanaConnection(kibana.url(), "default", KEY, null, null, null, false, limits),
                log::add, clock);
    }

    private KibanaClient client() throws Exception {
        return client(DeployerTest.limits());
    }

    private DeploymentPlan plan(KibanaClient client) throws Exception {
        return new Planner().plan(DeployerTest.seeds(), Planner.remoteRules(client), false);
    }

    private static Deployer.RuleResult result(List<Deployer.RuleResult> results, String ruleId) {
        return results.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst().orElseThrow();
    }

    // --- _import answers that do not account for the rules sent

    @Test
    void anImportAnsweredWithHtmlFailsEveryRuleItDidNotStore() throws Exception {
        try (KibanaClient client = client()) {
            DeploymentPlan plan = plan(client);
            kibana.answerNext(200, "text/html", "<html><body><h1>Welcome</h1></body></html>");
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan, Deployer.Mode.IMPORT);
            assertThat(results).hasSize(2).allSatisfy(r -> {
                assertThat(r.failed()).isTrue();
                assertThat(r.message()).contains("text that is not JSON").contains("does not hold it");
            });
        }
        assertThat(kibana.rules("default")).isEmpty();
    }

    @Test
    void aTruncatedOrMiscountedImportAnswerFailsTheRulesNotStored() throws Exception {
        for (String answer : List.of("{\"success\":true,\"success_count\":2,\"rules_count\":2,\"err",
                "{\"success\":true,\"success_count\":4,\"rules_count\":4,\"errors\":[]}",
                "{\"success\":true,\"success_count\":2,\"rules_count\":2}")) {
            try (KibanaClient client = client()) {
                DeploymentPlan plan = plan(client);
                kibana.answerNext(200, "application/json", answer);
                List<Deployer.RuleResult> results = new Deployer(client).apply(plan, Deployer.Mode.IMPORT);
                assertThat(results).as(answer).hasSize(2).allMatch(Deployer.RuleResult::failed);
                assertThat(results).as(answer).allSatisfy(r -> assertThat(r.message()).contains("import answer"));
            }
        }
        assertThat(kibana.rules("default")).isEmpty();
    }

    @Test
    void aRuleTheAnswerDoesNotCountIsConfirmedByReadingItBack() throws Exception {
        kibana.importAnswer(answer -> "{\"success\":true}");
        try (KibanaClient client = client()) {
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan(client), Deployer.Mode.IMPORT);
            assertThat(results).hasSize(2).noneMatch(Deployer.RuleResult::failed)
                    .allSatisfy(r -> assertThat(r.message()).contains("confirmed by reading it back"));
        }
        assertThat(kibana.rules("default")).containsOnlyKeys(NEW_IP, CORRELATED);
    }

    @Test
    void importErrorsWithoutARuleIdLeaveNoRuleReportedCreatedUnlessKibanaHoldsIt() throws Exception {
        kibana.reject(CORRELATED, "data view not found");
        kibana.importAnswer(answer -> answer.replaceAll("\"rule_id\":\"[^\"]*\",", ""));
        try (KibanaClient client = client()) {
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan(client), Deployer.Mode.IMPORT);
            assertThat(result(results, CORRELATED).failed()).isTrue();
            assertThat(result(results, CORRELATED).message()).contains("name no rule sent")
                    .contains("data view not found").contains("does not hold it");
            assertThat(result(results, NEW_IP).failed()).isFalse();
            assertThat(result(results, NEW_IP).message()).contains("confirmed by reading it back");
        }
        assertThat(kibana.rules("default")).containsOnlyKeys(NEW_IP);
    }

    // --- _find answers that are not Kibana's

    @Test
    void aRuleListThatIsNotJsonIsAnErrorNotAnEmptyKibana() throws Exception {
        for (String page : List.of("<html><title>Sign in</title></html>", "{\"page\":1,\"total\":2,\"data\":[{\"ru",
                "[]", "")) {
            kibana.findPages(p -> page);
            try (KibanaClient client = client()) {
                DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
                assertThat(e).as(page).isNotNull();
                assertThat(e.getMessage()).as(page).contains("GET /api/detection_engine/rules/_find")
                        .contains("where its API sends a JSON object").contains("--kibana-url");
            }
        }
    }

    @Test
    void aStringWhereARuleBelongsIsNamedNotAnInternalError() throws Exception {
        kibana.findPages(p -> "{\"page\":1,\"perPage\":100,\"total\":2,\"data\":[{\"rule_id\":\"a\"},\"oops\"]}");
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("_find page 1").contains("a string ('oops') in data[1]");
        }
        kibana.findPages(p -> "{\"page\":1,\"perPage\":100,\"total\":1,\"data\":[{\"rule_id\":7}]}");
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("data[0].rule_id is the number 7");
        }
        kibana.findPages(p -> "{\"page\":1,\"perPage\":100,\"total\":\"many\",\"data\":[]}");
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("'total' is a string ('many')");
        }
    }

    /** A page of {@code count} distinct rules starting at {@code first}, claiming {@code total}. */
    private static String page(long total, int first, int count) {
        return "{\"page\":1,\"perPage\":100,\"total\":" + total + ",\"data\":[" + IntStream.range(first, first + count)
                .mapToObj(i -> "{\"rule_id\":\"rule-" + i + "\",\"name\":\"r" + i + "\"}")
                .collect(Collectors.joining(",")) + "]}";
    }

    private long findRequests() {
        return kibana.received().stream().filter(r -> r.path().contains("/_find")).count();
    }

    @Test
    void pagesThatNeverEndAreBoundedByTheTotalAndAHardCap() throws Exception {
        // the total grows with every page
        kibana.findPages(p -> page(p * 100L + 1, (p - 1) * 100, 100));
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("_find page 2").contains("changed while dac read them");
        }
        assertThat(findRequests()).isEqualTo(2);

        // a steady total, but every page full of new rules
        kibana.findPages(p -> page(250, (p - 1) * 100, 100));
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("holds 250 rules but its 3 pages of _find held 300");
        }
        assertThat(findRequests()).isEqualTo(2 + 3);

        // the same page again and again
        kibana.findPages(p -> page(250, 0, 100));
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("_find page 2").contains("lists rule rule-0 a second time");
        }

        // a total no space holds
        kibana.findPages(p -> page(1_000_000_000L, (p - 1) * 100, 100));
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("1000000000 rules").contains("at most 100000");
        }
        assertThat(findRequests()).isEqualTo(2 + 3 + 2 + 1);
    }

    // --- deadlines and retries, on the fake clock

    @Test
    void aTricklingAnswerMeetsTheRequestDeadlineAndIsRetriedThenGivenUp() throws Exception {
        for (int i = 0; i < 4; i++) {
            kibana.trickleNext(1_000);
        }
        try (KibanaClient client = client()) {
            DeployException e = catchThrowableOfType(DeployException.class, () -> Planner.remoteRules(client));
            assertThat(e.getMessage()).contains("did not answer GET /api/detection_engine/rules/_find?page=1")
                    .contains("within 2 s (--request-timeout), 4 times");
        }
        assertThat(log).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("retrying GET"
                + " /api/detection_engine/rules/_find?page=1").contains("no complete answer within 2 s"));
    }

    @Test
    void theCommandDeadlineEndsEveryWaitAndNothingMoreIsSent() throws Exception {
        KibanaConnection.Limits limits = new KibanaConnection.Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(45), 3, Duration.ofMillis(10));
        try (KibanaClient client = client(limits)) {
            DeploymentPlan plan = plan(client);
            kibana.slowNext(50_000); // the first write is answered after the command's deadline
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan, Deployer.Mode.UPSERT);
            assertThat(results).hasSize(2).allMatch(Deployer.RuleResult::failed);
            assertThat(results).extracting(Deployer.RuleResult::outcome).containsExactlyInAnyOrder("unknown",
                    "not sent");
            assertThat(results).allSatisfy(r -> assertThat(r.message())
                    .contains("deadline of 45 s (--timeout) passed during POST /api/detection_engine/rules"));
        }
        assertThat(kibana.received()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
    }

    @Test
    void everyRetryIsLoggedWithStatusAttemptAndWait() throws Exception {
        kibana.failNext(2, 503);
        kibana.slowNext(3_000);
        try (KibanaClient client = client()) {
            assertThat(Planner.remoteRules(client)).isEmpty();
        }
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).isEqualTo("retrying GET /api/detection_engine/rules/_find?page=1&per_page=100"
                + "&sort_field=name&sort_order=asc in 0 s: Kibana answered 503 (attempt 1 of 4)");
        assertThat(log.get(1)).contains("Kibana answered 503 (attempt 2 of 4)");
        assertThat(log.get(2)).contains("no complete answer within 2 s").contains("(attempt 3 of 4)");
        // Retry-After: 0 twice, then backoff with jitter: base 10 ms doubled twice, at least half of it
        assertThat(clock.waits()).hasSize(3).startsWith(0L, 0L);
        assertThat(clock.waits().get(2)).isBetween(20L, 40L);
    }

    // --- redirects

    @Test
    void aRedirectIsReportedAndNeverFollowed() throws Exception {
        try (KibanaStandIn elsewhere = new KibanaStandIn(KEY, Set.of("default"));
                KibanaClient client = client()) {
            DeploymentPlan plan = plan(client);
            kibana.redirectNext(307, elsewhere.url() + "/api/detection_engine/rules/_import?overwrite=true");
            List<Deployer.RuleResult> imported = new Deployer(client).apply(plan, Deployer.Mode.IMPORT);
            assertThat(imported).hasSize(2).allSatisfy(r -> {
                assertThat(r.failed()).isTrue();
                assertThat(r.message()).contains("redirect (307) to " + elsewhere.url()).contains("never follows");
            });

            kibana.redirectNext(302, "/login");
            List<Deployer.RuleResult> upserted = new Deployer(client).apply(plan, Deployer.Mode.UPSERT);
            assertThat(result(upserted, NEW_IP).message()).contains("redirect (302) to " + kibana.url() + "/login");
            assertThat(elsewhere.received()).isEmpty();
        }
        // no write was turned into a GET, and the rules went nowhere else
        assertThat(kibana.received()).noneMatch(r -> r.method().equals("GET") && r.path().contains("login"));
        assertThat(kibana.rules("default")).isEmpty();
    }

    // --- upsert whose answer was lost

    @Test
    void aCreateStoredBeforeItsConnectionDroppedIsConfirmedNotFailed() throws Exception {
        try (KibanaClient client = client()) {
            DeploymentPlan plan = plan(client);
            kibana.dropAnswerOfNext();
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan, Deployer.Mode.UPSERT);
            assertThat(results).hasSize(2).noneMatch(Deployer.RuleResult::failed);
            assertThat(results).extracting(Deployer.RuleResult::outcome).containsOnly("created");
            assertThat(results).anySatisfy(r -> assertThat(r.message()).contains("confirmed by reading it back")
                    .contains("409"));
        }
        assertThat(kibana.rules("default")).hasSize(2);
    }

    @Test
    void aConflictWithADifferentRuleIsStillAFailure() throws Exception {
        try (KibanaClient client = client()) {
            DeploymentPlan plan = plan(client);
            ObjectNode other = plan.entries().stream().filter(e -> e.ruleId().equals(NEW_IP)).findFirst()
                    .orElseThrow().body().deepCopy();
            other.put("max_signals", 7);
            kibana.put("default", other); // someone else created it between plan and deploy
            List<Deployer.RuleResult> results = new Deployer(client).apply(plan, Deployer.Mode.UPSERT);
            assertThat(result(results, NEW_IP).failed()).isTrue();
            assertThat(result(results, NEW_IP).message()).contains("409").contains("different version");
        }
        assertThat(kibana.rules("default").get(NEW_IP).path("max_signals").asInt()).isEqualTo(7);
    }

    @Test
    void aDeleteAnsweredWithoutTheRuleIsConfirmedByItsAbsence() throws Exception {
        try (KibanaClient client = client()) {
            new Deployer(client).apply(plan(client), Deployer.Mode.IMPORT);
            DeploymentPlan prune = new Planner().plan(DeployerTest.seeds().subList(0, 0), Planner.remoteRules(client),
                    true);
            assertThat(prune.of(DeploymentPlan.Action.DELETE)).hasSize(2);
            kibana.answerNext(200, "text/html", "<html>ok</html>"); // the first delete did nothing
            List<Deployer.RuleResult> results = new Deployer(client).apply(prune, Deployer.Mode.IMPORT);
            assertThat(results).filteredOn(Deployer.RuleResult::failed).singleElement().satisfies(r -> assertThat(
                    r.message()).contains("text that is not JSON").contains("Kibana may still hold it"));
            assertThat(results).filteredOn(r -> !r.failed()).singleElement().extracting(Deployer.RuleResult::outcome)
                    .isEqualTo("deleted");
        }
        assertThat(kibana.rules("default")).hasSize(1);
    }
}
