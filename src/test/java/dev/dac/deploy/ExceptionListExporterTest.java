package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.RuleFileParser;
import dev.dac.rule.ExceptionList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The exception files of exported rules, read from the Kibana stand-in's exception list API. */
class ExceptionListExporterTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FakeClock clock = new FakeClock();
    private KibanaStandIn kibana;

    @BeforeEach
    void start() throws Exception {
        kibana = new KibanaStandIn(DeployerTest.KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private KibanaClient client() throws Exception {
        return new KibanaClient(new KibanaConnection(kibana.url(), "default", DeployerTest.KEY, null, null, null,
                false, DeployerTest.limits()), message -> { }, clock);
    }

    private ObjectNode list(String listId, String namespace) {
        return json.createObjectNode().put("list_id", listId).put("name", listId + " " + namespace)
                .put("description", "").put("type", "detection").put("namespace_type", namespace);
    }

    private ObjectNode item(String listId, String namespace, String itemId) {
        ObjectNode item = json.createObjectNode().put("list_id", listId).put("item_id", itemId).put("name", itemId)
                .put("description", "").put("type", "simple").put("namespace_type", namespace);
        item.putArray("entries").addObject().put("field", "user.name").put("operator", "included").put("type", "exists");
        return item;
    }

    private ObjectNode rule(String ruleId, String... listsAndNamespaces) {
        ObjectNode rule = json.createObjectNode().put("rule_id", ruleId).put("name", "Rule " + ruleId);
        var references = rule.putArray("exceptions_list");
        for (int i = 0; i < listsAndNamespaces.length; i += 2) {
            references.addObject().put("id", "x").put("list_id", listsAndNamespaces[i])
                    .put("namespace_type", listsAndNamespaces[i + 1]).put("type", "detection");
        }
        return rule;
    }

    @Test
    void aSingleAndAnAgnosticListOfOneListIdGetTheirOwnFiles() throws Exception {
        kibana.exceptionLists().create("default", list("shared", "single"), List.of(item("shared", "single", "s-1")));
        kibana.exceptionLists().create("default", list("shared", "agnostic"), List.of(item("shared", "agnostic", "a-1"),
                item("shared", "agnostic", "a-2")));
        ExceptionListExporter.Exported exported;
        try (KibanaClient client = client()) {
            exported = new ExceptionListExporter().export(List.of(rule("r-1", "shared", "agnostic", "shared",
                    "single"), rule("r-2", "shared", "single")), client);
        }

        Map<String, ExceptionListExporter.ListFile> byName = new TreeMap<>();
        exported.files().forEach(file -> byName.put(file.fileName(), file));
        assertThat(byName.keySet()).containsExactly("shared_agnostic_exceptions.toml", "shared_exceptions.toml");
        assertThat(byName.get("shared_agnostic_exceptions.toml").key())
                .isEqualTo(new ExceptionList.Key("shared", "agnostic"));
        assertThat(byName.get("shared_agnostic_exceptions.toml").items()).isEqualTo(2);
        JsonNode single = new RuleFileParser().parse(java.nio.file.Path.of("shared_exceptions.toml"),
                byName.get("shared_exceptions.toml").toml()).document();
        assertThat(single.path("metadata").path("rule_ids")).isEqualTo(json.readTree("[\"r-1\", \"r-2\"]"));
        assertThat(single.path("exceptions").get(0).path("items").get(0).path("item_id").asString()).isEqualTo("s-1");
        assertThat(exported.warnings()).isEmpty();
    }

    @Test
    void rulesWithoutListsNeedNoRequest() throws Exception {
        int before = kibana.received().size();
        try (KibanaClient client = client()) {
            ExceptionListExporter.Exported exported = new ExceptionListExporter().export(
                    List.of(json.createObjectNode().put("rule_id", "r-1"), rule("r-2")), client);
            assertThat(exported.files()).isEmpty();
        }
        assertThat(kibana.received().size()).isEqualTo(before);
    }
}
