package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.ExceptionList;
import dev.dac.validate.RuleValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Exception list plans and writes against the Kibana stand-in, which validates as Kibana's exception list API does. */
class ExceptionListDeployerTest {

    private static final String LIST = "certutil-decode-approved";
    private static final ExceptionList.Key KEY = new ExceptionList.Key(LIST, "single");

    private KibanaStandIn kibana;
    private final FakeClock clock = new FakeClock();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void start() throws Exception {
        kibana = new KibanaStandIn(DeployerTest.KEY, Set.of("default"));
        kibana.clock(clock);
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private KibanaClient client() throws Exception {
        return new KibanaClient(new KibanaConnection(kibana.url(), "default", DeployerTest.KEY, null, null, null,
                false, DeployerTest.limits()), message -> { }, clock);
    }

    /** How many items the shipped list has. */
    private static int shippedItems() {
        return lists(Path.of("rules")).get(0).items().size();
    }

    private static List<ExceptionList> lists(Path rules) {
        return new RuleValidator().validate(List.of(rules)).exceptionLists();
    }

    @Test
    void aChangedItemIsUpdatedAndAnItemOnlyInKibanaIsKeptUnlessPruned(@TempDir Path repository) throws Exception {
        try (KibanaClient client = client()) {
            new ExceptionListDeployer(client).apply(new ExceptionListPlanner().plan(lists(Path.of("rules")), client,
                    false));
            ObjectNode extra = (ObjectNode) json.readTree("""
                    {"item_id": "added-in-kibana", "list_id": "certutil-decode-approved", "name": "Added in the UI",
                     "description": "", "type": "simple", "namespace_type": "single",
                     "entries": [{"field": "host.name", "operator": "included", "type": "match", "value": "ws-9"}]}""");
            assertThat(client.send("POST", "/api/exception_lists/items", extra).status()).isEqualTo(200);
            Path rules = copy(repository);
            Path file = repository.resolve("exceptions/certutil_decode_approved_exceptions.toml");
            Files.writeString(file, Files.readString(file).replace("value = \"CcmExec.exe\"",
                    "value = \"CcmExec64.exe\""));

            ExceptionListPlan plan = new ExceptionListPlanner().plan(lists(rules), client, false);

            ExceptionListPlan.ListEntry list = plan.lists().get(0);
            assertThat(list.action()).isEqualTo(ExceptionListPlan.Action.UNCHANGED);
            assertThat(list.items()).filteredOn(i -> i.action() == ExceptionListPlan.Action.UPDATE).singleElement()
                    .satisfies(i -> {
                        assertThat(i.itemId()).isEqualTo("certutil-sccm-parent");
                        assertThat(i.changedFields()).containsExactly("entries");
                    });
            assertThat(list.items()).filteredOn(i -> i.action() == ExceptionListPlan.Action.KEEP_REMOTE)
                    .extracting(ExceptionListPlan.ItemEntry::itemId).containsExactly("added-in-kibana");

            ExceptionListDeployer.Outcome kept = new ExceptionListDeployer(client).apply(plan);
            assertThat(kept.results()).singleElement().satisfies(r -> {
                assertThat(r.failed()).isFalse();
                assertThat(r.outcome()).isEqualTo("unchanged, items: 0 created, 1 updated");
                assertThat(r.message()).contains("1 item only in Kibana left alone");
            });
            assertThat(kibana.exceptionLists().items("default", LIST)).filteredOn(i -> i.path("item_id").asString()
                    .equals("certutil-sccm-parent")).singleElement().satisfies(i -> assertThat(i.path("entries")
                    .get(0).path("value").asString()).isEqualTo("CcmExec64.exe"));

            ExceptionListPlan pruning = new ExceptionListPlanner().plan(lists(rules), client, true);
            assertThat(new ExceptionListDeployer(client).apply(pruning).results().get(0).outcome())
                    .isEqualTo("unchanged, items: 0 created, 0 updated, 1 deleted");
            assertThat(kibana.exceptionLists().items("default", LIST)).hasSize(shippedItems());
            assertThat(new ExceptionListPlanner().plan(lists(rules), client, true).changesSomething()).isFalse();
        }
    }

    @Test
    void theStandInValidatesAsKibanaDoes() throws Exception {
        try (KibanaClient client = client()) {
            ObjectNode list = (ObjectNode) json.readTree("""
                    {"list_id": "l1", "name": "L1", "description": "d", "type": "detection"}""");
            assertThat(client.send("POST", "/api/exception_lists", list).status()).isEqualTo(200);
            KibanaClient.KibanaResponse again = client.send("POST", "/api/exception_lists", list);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.message()).contains("already exists");
            assertThat(client.send("POST", "/api/exception_lists", list.deepCopy().put("list_id", "l2")
                    .put("type", "nonsense")).status()).isEqualTo(400);
            ObjectNode noName = list.deepCopy().put("list_id", "l3");
            noName.remove("name");
            assertThat(client.send("POST", "/api/exception_lists", noName).message()).contains("name: Required");

            ObjectNode item = (ObjectNode) json.readTree("""
                    {"item_id": "i1", "list_id": "nowhere", "name": "I", "description": "", "type": "simple",
                     "entries": [{"field": "host.name", "operator": "included", "type": "match", "value": "x"}]}""");
            KibanaClient.KibanaResponse unknownList = client.send("POST", "/api/exception_lists/items", item);
            assertThat(unknownList.status()).isEqualTo(404);
            assertThat(unknownList.message()).contains("\"nowhere\" does not exist");
            item.put("list_id", "l1");
            assertThat(client.send("POST", "/api/exception_lists/items", item).status()).isEqualTo(200);
            assertThat(client.send("POST", "/api/exception_lists/items", item).status()).isEqualTo(409);
            assertThat(client.send("PUT", "/api/exception_lists/items", item.deepCopy().put("item_id", "i9"))
                    .status()).isEqualTo(404);
            ObjectNode badEntry = item.deepCopy().put("item_id", "i2");
            ((ObjectNode) badEntry.path("entries").get(0)).put("operator", "sometimes");
            assertThat(client.send("POST", "/api/exception_lists/items", badEntry).status()).isEqualTo(400);
        }
    }

    @Test
    void anAnswerThatIsNotTheListIsCheckedByReadingItBack() throws Exception {
        try (KibanaClient client = client()) {
            ExceptionListPlan plan = new ExceptionListPlanner().plan(lists(Path.of("rules")), client, false);
            // Kibana stores the list, but its answer is lost: the deployer must not take the list as created unseen
            kibana.dropAnswerOfNext();

            ExceptionListDeployer.Outcome outcome = new ExceptionListDeployer(client).apply(plan);

            assertThat(outcome.results()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(KEY);
                assertThat(r.failed()).as(r.message()).isFalse();
                assertThat(r.outcome()).isEqualTo("created, items: " + shippedItems() + " created, 0 updated");
                assertThat(r.kibanaId()).isEqualTo(kibana.exceptionLists().list("default", LIST).path("id")
                        .asString());
            });
        }
    }

    @Test
    void anAnswerThatIsNotKibanasEndsThePlanInsteadOfPassingForNoList() throws Exception {
        try (KibanaClient client = client()) {
            kibana.answerNext(200, "text/html", "<html><body>Please log in</body></html>");
            DeployException page = org.assertj.core.api.Assertions.catchThrowableOfType(DeployException.class,
                    () -> new ExceptionListPlanner().plan(lists(Path.of("rules")), client, false));
            assertThat(page.getMessage()).contains("GET /api/exception_lists").contains("not JSON");

            new ExceptionListDeployer(client).apply(new ExceptionListPlanner().plan(lists(Path.of("rules")), client,
                    false));
            kibana.answerNext(200, "application/json", "{\"id\":\"x\",\"list_id\":\"" + LIST + "\"}");
            kibana.answerNext(200, "application/json", "{\"page\":1,\"total\":3,\"data\":[]}");
            DeployException shortPages = org.assertj.core.api.Assertions.catchThrowableOfType(DeployException.class,
                    () -> new ExceptionListPlanner().plan(lists(Path.of("rules")), client, false));
            assertThat(shortPages.getMessage()).contains("holds 3 items but its pages held 0");
        }
    }

    /** The shipped rules and exceptions in a repository of the test's own. */
    private static Path copy(Path repository) throws Exception {
        Files.createDirectories(repository.resolve(".git"));
        for (String folder : List.of("rules", "exceptions")) {
            try (var files = Files.walk(Path.of(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = repository.resolve(file.toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        return repository.resolve("rules");
    }
}
