package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** File names for rules read from Kibana, and the rules of an _export answer, whatever Kibana sends. */
class RuleExporterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode rule(String ruleId, String name) {
        ObjectNode rule = JSON.createObjectNode().put("rule_id", ruleId);
        return name == null ? rule : rule.put("name", name);
    }

    @Test
    void aFileNameIsOnePlainNameWhateverTheRuleIdOrName() {
        List<ObjectNode> hostile = List.of(rule("/../../x/pwned", "///"), rule("../../../pwned", null),
                rule("..", "..."), rule(".hidden", ".."), rule("nul\u0000/x", "\u0000"), rule("C:\\x\\pwned", "\\"),
                rule("x".repeat(5000), "-"), rule("id", "n".repeat(5000)), rule("", ""));
        for (ObjectNode rule : hostile) {
            String name = RuleExporter.fileName(rule);
            assertThat(name).as(rule.toString()).matches("[a-z0-9_]{1,100}\\.toml");
            assertThat(Path.of("out").resolve(name).normalize().getParent()).isEqualTo(Path.of("out"));
        }
        assertThat(RuleExporter.fileName(rule("/../../x/pwned", "///"))).isEqualTo("x_pwned.toml");
        assertThat(RuleExporter.fileName(rule("", ""))).isEqualTo("rule.toml");
    }

    @Test
    void rulesSharingANameGetDistinctNamesIndependentOfOrder() {
        List<ObjectNode> rules = new ArrayList<>(List.of(rule("b", "Same"), rule("a", "Same"), rule("A", "same!"),
                rule("z", "Same Z"), rule("", "Same"), rule("q", "Other")));
        Map<String, String> first = idsByName(rules);
        Collections.reverse(rules);
        assertThat(idsByName(rules)).isEqualTo(first);
        assertThat(first).hasSameSizeAs(rules).containsEntry("other.toml", "q").containsEntry("same_z.toml", "z")
                .containsEntry("same_b.toml", "b").containsEntry("same.toml", "");
        // "A" and "a" read the same in a file name: the counter tells them apart, in rule_id order
        assertThat(first).containsEntry("same_a.toml", "A").containsEntry("same_a_2.toml", "a");
    }

    private static Map<String, String> idsByName(List<ObjectNode> rules) {
        return RuleExporter.fileNames(rules).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().path("rule_id").asString()));
    }

    @Test
    void exportLinesThatAreNotRulesAreSkippedAndBrokenOnesNamed() throws Exception {
        String good = rule("r-1", "One").toString();
        assertThat(RuleExporter.rulesOf(good + "\n\n{\"exported_count\":1}\n" + good.replace("r-1", "r-2")))
                .extracting(r -> r.path("rule_id").asString()).containsExactly("r-1", "r-2");

        Map<String, String> broken = Map.of(
                good + "\n{\"rule_id\": \"r-2\", \"name\": \n", "line 2 is not valid JSON",
                "\n\n[1, 2]\n", "line 3 is not a JSON object",
                good + "\n{\"rule_id\": 7}", "line 2 has a rule_id that is not a non-empty text: 7",
                "{\"rule_id\": \" \"}", "line 1 has a rule_id that is not a non-empty text");
        broken.forEach((ndjson, problem) -> {
            DeployException e = catchThrowableOfType(() -> RuleExporter.rulesOf(ndjson), DeployException.class);
            assertThat(e).as(ndjson).isNotNull();
            assertThat(e.getMessage()).as(ndjson).contains(problem).contains("Nothing was written");
        });
    }
}
