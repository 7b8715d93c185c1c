package dev.dac.cli;

import static dev.dac.cli.DeployCommandTest.KEY;
import static dev.dac.cli.DeployCommandTest.dac;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cli.DeployCommandTest.Run;
import dev.dac.deploy.KibanaStandInAccess;
import dev.dac.load.RuleFileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dac export} writes the exception lists the exported rules reference as exception files in
 * {@code <out>/exceptions/}, against the Kibana stand-in's exception list API: the shipped certutil list survives
 * deploy, export and validate unchanged; every page of items is read; a missing or broken list stops the export with
 * nothing written; list files follow --force and the stale-file note as rule files do.
 */
class ExceptionListExportCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CERTUTIL_LIST = "certutil-decode-approved";
    private static final Path SHIPPED_LIST = Path.of("exceptions/certutil_decode_approved_exceptions.toml");

    private KibanaStandInAccess kibana;

    @TempDir
    Path parent;

    @BeforeEach
    void start() throws Exception {
        kibana = KibanaStandInAccess.start(KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private Map<String, String> env() {
        return Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);
    }

    private Run export(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--out", out.toString()));
        args.addAll(List.of(more));
        return dac(env(), args.toArray(String[]::new));
    }

    /** A rule as Kibana's _export gives it, referencing {@code lists} (list_id, namespace_type, type each). */
    private static String rule(String ruleId, String name, String[]... lists) {
        ObjectNode rule = (ObjectNode) JSON.readTree(ExportCommandTest.rule(ruleId, name));
        var references = rule.putArray("exceptions_list");
        for (String[] list : lists) {
            references.addObject().put("id", "id-of-" + list[0]).put("list_id", list[0]).put("namespace_type", list[1])
                    .put("type", list[2]);
        }
        return rule.toString();
    }

    private static ObjectNode container(String listId, String name) {
        return JSON.createObjectNode().put("list_id", listId).put("name", name).put("description", "d of " + name)
                .put("type", "detection").put("namespace_type", "single");
    }

    private static ObjectNode item(String listId, String itemId, String value) {
        ObjectNode item = JSON.createObjectNode().put("list_id", listId).put("item_id", itemId).put("name", itemId)
                .put("description", "").put("type", "simple").put("namespace_type", "single");
        item.putArray("entries").addObject().put("field", "host.name").put("operator", "included").put("type", "match")
                .put("value", value);
        return item;
    }

    private static JsonNode document(Path file) throws Exception {
        return new RuleFileParser().parse(file).document();
    }

    private static List<Path> filesUnder(Path root) throws Exception {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theShippedCertutilListSurvivesDeployExportAndValidate() throws Exception {
        Run deploy = dac(env(), "deploy", "rules");
        assertThat(deploy.exit()).as(deploy.all()).isZero();
        Path out = parent.resolve("exported");

        Run export = export(out);

        assertThat(export.exit()).as(export.all()).isZero();
        assertThat(export.out()).contains("and 1 exception list (" + shippedItems() + " items) to "
                + out.resolve("exceptions"));
        Path listFile = out.resolve("exceptions/certutil_decode_approved_exceptions.toml");
        assertThat(listFile).exists();
        // the list and its items as the shipped file has them: Kibana's own fields (ids, versions, dates) left out
        JsonNode shipped = document(SHIPPED_LIST).path("exceptions");
        JsonNode exported = document(listFile).path("exceptions");
        assertThat(exported.get(0).path("container")).isEqualTo(shipped.get(0).path("container"));
        assertThat(byItemId(exported.get(0).path("items"))).isEqualTo(byItemId(shipped.get(0).path("items")));
        JsonNode metadata = document(listFile).path("metadata");
        assertThat(metadata.path("list_name").asString()).isEqualTo("Certutil decode: approved activity");
        assertThat(metadata.path("rule_ids")).isEqualTo(document(SHIPPED_LIST).path("metadata").path("rule_ids"));

        Run validate = dac(Map.of(), "validate", "--no-engine", out.toString());
        assertThat(validate.exit()).as(validate.all()).isZero();
        assertThat(validate.all()).doesNotContain("DAC162").doesNotContain("DAC160");

        // and deploying the exported folder back changes nothing in Kibana's list
        Run plan = dac(env(), "plan", out.toString());
        assertThat(plan.exit()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("same    list " + CERTUTIL_LIST).contains("exception lists: 0 to create, 0 to"
                + " update, 1 unchanged");
    }

    private static Map<String, JsonNode> byItemId(JsonNode items) {
        Map<String, JsonNode> byId = new java.util.TreeMap<>();
        items.forEach(item -> byId.put(item.path("item_id").asString(), item));
        return byId;
    }

    private static int shippedItems() throws Exception {
        return document(SHIPPED_LIST).path("exceptions").get(0).path("items").size();
    }

    @Test
    void everyPageOfItemsIsWritten() throws Exception {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            items.add(item("big-list", "item-" + i, "host-" + i));
        }
        kibana.createExceptionList("default", container("big-list", "Big list"), items);
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"big-list", "single", "detection"}));
        Path out = parent.resolve("out");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("1 exception list (250 items)").doesNotContain("take their exception lists");
        JsonNode written = document(out.resolve("exceptions/big_list_exceptions.toml")).path("exceptions").get(0);
        assertThat(byItemId(written.path("items")).keySet()).containsExactlyInAnyOrderElementsOf(
                items.stream().map(i -> i.path("item_id").asString()).toList());
        assertThat(byItemId(written.path("items")).get("item-249").path("entries").get(0).path("value").asString())
                .isEqualTo("host-249");
        Run validate = dac(Map.of(), "validate", "--no-engine", out.toString());
        assertThat(validate.all()).doesNotContain("DAC162").doesNotContain("DAC160");
    }

    @Test
    void everyFieldAUserWritesIsKeptAndAListSharedByTwoRulesIsOneFile() throws Exception {
        ObjectNode list = container("shared", "Shared list").put("description", "shared by two rules");
        list.putArray("tags").add("team-a");
        list.putObject("meta").put("owner", "soc");
        ObjectNode item = item("shared", "full", "x").put("expire_time", "2099-01-02T03:04:05.000Z");
        item.putArray("os_types").add("linux");
        item.putArray("tags").add("reviewed");
        item.putObject("meta").put("ticket", "SEC-1");
        item.putArray("comments").addObject().put("comment", "approved by the SOC");
        kibana.createExceptionList("default", list, List.of(item, item("shared", "plain", "y")));
        String[] shared = {"shared", "single", "detection"};
        kibana.answerExportWith(rule("r-2", "Beta Rule", shared) + "\n" + rule("r-1", "Alpha Rule", shared));
        Path out = parent.resolve("out");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(filesUnder(out.resolve("exceptions"))).extracting(p -> p.getFileName().toString())
                .containsExactly("shared_exceptions.toml");
        JsonNode file = document(out.resolve("exceptions/shared_exceptions.toml"));
        assertThat(file.path("metadata").path("rule_ids")).isEqualTo(JSON.readTree("[\"r-1\", \"r-2\"]"));
        assertThat(file.path("metadata").path("rule_names")).isEqualTo(JSON.readTree("[\"Alpha Rule\", \"Beta Rule\"]"));
        assertThat(file.path("exceptions").get(0).path("container")).isEqualTo(list);
        // Kibana gives each comment an id, an author and a time; the file keeps what a user writes, its text
        assertThat(byItemId(file.path("exceptions").get(0).path("items")).get("full")).isEqualTo(item);
    }

    @Test
    void aListKibanaDoesNotHaveStopsTheExportNamingIt() throws Exception {
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"gone-list", "single", "detection"}));

        Run run = export(parent.resolve("out"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("exception list gone-list (single) is not in"
                + " Kibana (404").contains("rule r-1 references it").contains("Nothing was written");
        assertThat(parent.toFile().list()).isEmpty();
    }

    @Test
    void aFailingOrHostileAnswerForAListStopsTheExportNamingItWithoutPrintingCredentials() throws Exception {
        kibana.createExceptionList("default", container("the-list", "The list"), List.of(item("the-list", "a", "x")));
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"the-list", "single", "detection"}));
        String find = "GET /api/exception_lists/items/_find";
        String read = "GET /api/exception_lists";
        List<HostileAnswer> answers = List.of(
                new HostileAnswer("a 500 echoing the key", find, 500, JSON.createObjectNode().put("statusCode", 500)
                        .put("message", "upstream failed for ApiKey " + KEY)),
                new HostileAnswer("an item of another list", find, 200, JSON.readTree("{\"page\":1,\"per_page\":100,"
                        + "\"total\":1,\"data\":[{\"item_id\":\"a\",\"list_id\":\"other\",\"entries\":[]}]}")),
                new HostileAnswer("fewer items than its total", find, 200, JSON.readTree("{\"page\":1,\"per_page\":"
                        + "100,\"total\":2,\"data\":[" + item("the-list", "a", "x") + "]}")),
                new HostileAnswer("an item dac cannot read back", find, 200, JSON.readTree("{\"page\":1,\"per_page\":"
                        + "100,\"total\":1,\"data\":[{\"item_id\":\"a\",\"list_id\":\"the-list\",\"name\":\"a\","
                        + "\"description\":\"\",\"type\":\"simple\",\"entries\":[{\"field\":\"../x\",\"type\":"
                        + "\"shell\",\"operator\":\"included\"}]}]}")),
                new HostileAnswer("a login page for the list", read, 200, JSON.getNodeFactory().stringNode(
                        "<html>Sign in</html>")),
                new HostileAnswer("another list", read, 200, container("other-list", "Other")),
                new HostileAnswer("a 403 for the list", read, 403, JSON.createObjectNode().put("statusCode", 403)
                        .put("message", "missing [read] privilege")));
        for (HostileAnswer answer : answers) {
            kibana.answerExceptionRequestWith(answer.request(), answer.status(), answer.body());
            Run run = export(parent.resolve("out"));

            assertThat(run.exit()).as(answer.what()).isEqualTo(1);
            assertThat(run.err().strip()).as(answer.what()).doesNotContain("\n")
                    .startsWith("dac export: cannot export exception list the-list (single)")
                    .contains("Nothing was written").doesNotContain(KEY).doesNotContain("Exception");
            assertThat(parent.toFile().list()).as(answer.what()).isEmpty();
            kibana.answerExceptionRequestWith(answer.request(), 0, null); // back to the stand-in's own answer
        }
    }

    private record HostileAnswer(String what, String request, int status, JsonNode body) {}

    @Test
    void listFilesAreReplacedOnlyWithForceAndStaleOnesAreReportedAndKept() throws Exception {
        kibana.createExceptionList("default", container("the-list", "The list"), List.of(item("the-list", "a", "x")));
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"the-list", "single", "detection"}));
        Path out = Files.createDirectories(parent.resolve("out"));
        Path lists = Files.createDirectories(out.resolve("exceptions"));
        Files.writeString(lists.resolve("the_list_exceptions.toml"), "mine");
        Files.writeString(lists.resolve("old_list_exceptions.toml"), "stale");

        Run refused = export(out);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("exceptions/the_list_exceptions.toml").contains("--force")
                .contains("Nothing was written").doesNotContain("old_list");
        assertThat(Files.readString(lists.resolve("the_list_exceptions.toml"))).isEqualTo("mine");
        assertThat(out.resolve("alpha_rule.toml")).doesNotExist();

        Run forced = export(out, "--force");
        assertThat(forced.exit()).as(forced.all()).isZero();
        assertThat(document(lists.resolve("the_list_exceptions.toml")).path("exceptions").get(0).path("container")
                .path("list_id").asString()).isEqualTo("the-list");
        assertThat(out.resolve("alpha_rule.toml")).exists();
        assertThat(Files.readString(lists.resolve("old_list_exceptions.toml"))).isEqualTo("stale");
        assertThat(forced.out()).contains("1 file in " + lists + " matches no exported exception list and was left"
                + " alone: old_list_exceptions.toml").doesNotContain("matches no exported rule");
        assertThat(parent.toFile().list()).containsExactly("out");
    }

    @Test
    void exportingIntoARepositoryWithItsOwnExceptionsFolderSaysWhichFolderItsRulesRead() throws Exception {
        Path repository = Files.createDirectories(parent.resolve("repo/.git")).getParent();
        Path repositoryLists = Files.createDirectories(repository.resolve("exceptions"));
        kibana.createExceptionList("default", container("the-list", "The list"), List.of(item("the-list", "a", "x")));
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"the-list", "single", "detection"}));
        Path out = repository.resolve("rules/exported");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(out.resolve("exceptions/the_list_exceptions.toml")).exists();
        assertThat(run.out()).contains("note: the rules around " + out + " take their exception lists from "
                + repositoryLists.toAbsolutePath().normalize()).contains("move the list files to");
    }

    @Test
    void aCredentialInAListIsRedactedWithAWarningNamingTheFile() throws Exception {
        ObjectNode item = item("the-list", "a", "x").put("description", "ask ops, key is ApiKey " + KEY);
        kibana.createExceptionList("default", container("the-list", "The list"), List.of(item));
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"the-list", "single", "detection"}));
        Path out = parent.resolve("out");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.all()).doesNotContain(KEY);
        assertThat(run.err()).contains("warning: exceptions/the_list_exceptions.toml held a credential");
        String written = Files.readString(out.resolve("exceptions/the_list_exceptions.toml"));
        assertThat(written).doesNotContain(KEY).contains("[redacted]");
    }

    @Test
    void endpointListsAreLeftInKibanaAndValueListItemsAreWrittenBothWithAWarning() throws Exception {
        ObjectNode valueListItem = item("the-list", "by-ip-list", "unused");
        valueListItem.putArray("entries").addObject().put("field", "source.ip").put("operator", "included")
                .put("type", "list").putObject("list").put("id", "trusted-ips").put("type", "ip");
        kibana.createExceptionList("default", container("the-list", "The list"),
                List.of(item("the-list", "a", "x"), valueListItem));
        kibana.answerExportWith(rule("r-1", "Alpha Rule", new String[] {"the-list", "single", "detection"},
                new String[] {"endpoint_list", "agnostic", "endpoint"}));
        Path out = parent.resolve("out");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.err()).contains("warning: rule r-1 references Elastic Defend's endpoint list endpoint_list"
                + " (agnostic)").contains("not written")
                .contains("warning: exception list the-list (single) item by-ip-list tests value list trusted-ips");
        assertThat(filesUnder(out)).extracting(p -> out.relativize(p).toString()).containsExactlyInAnyOrder(
                "alpha_rule.toml", "exceptions/the_list_exceptions.toml");
        JsonNode written = document(out.resolve("exceptions/the_list_exceptions.toml")).path("exceptions").get(0);
        assertThat(byItemId(written.path("items")).get("by-ip-list").path("entries").get(0).path("list"))
                .isEqualTo(JSON.readTree("{\"id\":\"trusted-ips\",\"type\":\"ip\"}"));
    }

    @Test
    void listIdsThatArePathsStayInsideOutUnderDistinctNames() throws Exception {
        List<String> hostile = List.of("../../pwned", "/etc/passwd", "..", "a/b", "a_b");
        StringBuilder ndjson = new StringBuilder();
        List<String[]> references = new ArrayList<>();
        for (String listId : hostile) {
            kibana.createExceptionList("default", container(listId, "List " + listId), List.of(item(listId, "i-" + listId, "x")));
            references.add(new String[] {listId, "single", "detection"});
        }
        ndjson.append(rule("r-1", "Alpha Rule", references.toArray(String[][]::new)));
        kibana.answerExportWith(ndjson.toString());
        Path out = parent.resolve("a/out");

        Run run = export(out);

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(filesUnder(parent)).allSatisfy(file -> assertThat(file).startsWith(out));
        List<Path> lists = filesUnder(out.resolve("exceptions"));
        assertThat(lists).allSatisfy(f -> assertThat(f.getFileName().toString()).matches("[a-z0-9_]+\\.toml"));
        List<String> listIds = new ArrayList<>();
        for (Path file : lists) {
            listIds.add(document(file).path("exceptions").get(0).path("container").path("list_id").asString());
        }
        assertThat(listIds).containsExactlyInAnyOrderElementsOf(hostile);
    }
}
