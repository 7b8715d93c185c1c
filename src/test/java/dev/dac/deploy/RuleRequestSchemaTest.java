package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.CommonFields;
import dev.dac.rule.TypeFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request schema the deployer and the stand-in enforce agrees with the rule model and the rule file schema. */
class RuleRequestSchemaTest {

    private static JsonNode read(String path) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(Path.of(path)));
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void everyConvertedSeedRuleAndTypeSampleFitsTheRequestSchema() {
        RuleRequestSchema schema = new RuleRequestSchema();
        var rules = new dev.dac.validate.RuleValidator().validate(java.util.List.of(Path.of("rules"),
                Path.of("src/test/resources/dev/dac/types")));
        assertThat(rules.report().errors()).isEmpty();
        assertThat(rules.models()).as("every file read as a rule").isNotEmpty().hasSameSizeAs(rules.rules());
        rules.models().forEach(rule -> assertThat(schema.problems(new RuleConverter().toApi(rule)))
                .as(rule.path().toString()).isEmpty());
    }

    @Test
    void theRequestSchemaHasTheRuleFileFieldsInTheApisShape() throws Exception {
        Set<String> request = propertyNames(read("schemas/kibana/rule.request.schema.json"));
        Set<String> ruleFile = propertyNames(read("schemas/rule.schema.json"));
        ruleFile.remove("new_terms");
        ruleFile.addAll(Set.of("new_terms_fields", "history_window_start"));
        assertThat(request).isEqualTo(ruleFile);
    }

    @Test
    void everyFieldOfTheRuleModelIsInTheRequestSchema() throws Exception {
        Set<String> request = propertyNames(read("schemas/kibana/rule.request.schema.json"));
        Set<String> model = new TreeSet<>();
        for (Class<?> type : java.util.List.of(CommonFields.class, TypeFields.QueryFields.class,
                TypeFields.EqlFields.class, TypeFields.EsqlFields.class, TypeFields.ThresholdFields.class,
                TypeFields.MachineLearningFields.class, TypeFields.ThreatMatchFields.class)) {
            Arrays.stream(type.getRecordComponents()).map(c -> snake(c.getName())).forEach(model::add);
        }
        // the model keeps the new terms table as the file has it; the API flattens it
        model.add("new_terms_fields");
        model.add("history_window_start");
        assertThat(request).containsAll(model);
    }

    private static String snake(String camel) {
        return camel.chars().mapToObj(c -> Character.isUpperCase(c) ? "_" + Character.toLowerCase((char) c)
                : String.valueOf((char) c)).collect(Collectors.joining());
    }
}
