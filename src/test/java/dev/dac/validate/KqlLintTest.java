package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.fields.IndexTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KQL rules in {@code dac validate}: syntax, fields and value types against dac's index templates. */
class KqlLintTest {

    @TempDir
    Path dir;

    static Stream<Arguments> failing() {
        return Stream.of(
                Arguments.of("syntax error", "and event.outcome: \"success\"", "and event.outcome: (\"success\"",
                        "DAC130", 73, "KQL syntax error at query line 3, column 14"),
                Arguments.of("misspelt field", "and source.ip:*", "and sourceip:*", "DAC131", 73,
                        "field 'sourceip' is not in the mapping"),
                Arguments.of("value of the wrong type", "and source.ip:*", "and source.ip: somewhere", "DAC132", 73,
                        "'somewhere' is not an IP address"),
                Arguments.of("second use of a field with the wrong type", "AKIA*\n'''", "AKIA*\nand not source.ip:"
                        + " (10.0.0.0/8 or \"fe80::1\" or somewhere)\n'''", "DAC132", 75, "query line 5, column 48:"
                        + " field 'source.ip' is an ip field; 'somewhere' is not an IP address"),
                Arguments.of("wildcard on an ip field", "and source.ip:*", "and source.ip: 10.*", "DAC132", 73,
                        "wildcards only work on keyword and text fields"),
                Arguments.of("new terms field not mapped", "value = [\"aws.cloudtrail.user_identity.access_key_id\","
                        + " \"source.ip\"]", "value = [\"aws.cloudtrail.user_identity.access_key\", \"source.ip\"]",
                        "DAC131", 110, "field 'aws.cloudtrail.user_identity.access_key' is not in the mapping"),
                Arguments.of("index pattern without a field map", "index = [\"logs-aws.cloudtrail-*\"]",
                        "index = [\"logs-aws.cloudtrail-*\", \"my-app-*\"]", "DAC133", 17,
                        "no field map for index pattern my-app-*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void kqlProblemsOfTheNewIpRule(String name, String from, String to, String code, int line, String message) {
        Path file = RuleTexts.write(dir, "rule.toml",
                RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), from, to));

        assertThat(RuleTexts.validate(file).findings()).as(name).anySatisfy(f -> {
            assertThat(f.check().code()).isEqualTo(code);
            assertThat(f.line()).isEqualTo(line);
            assertThat(f.message()).contains(message);
        });
    }

    @Test
    void unknownFieldsAreNotErrorsWhenSomeIndexHasNoFieldMap() {
        Path file = RuleTexts.write(dir, "rule.toml", RuleTexts.replace(RuleTexts.replace(
                RuleTexts.read(RuleTexts.NEW_IP_RULE), "index = [\"logs-aws.cloudtrail-*\"]",
                "index = [\"logs-aws.cloudtrail-*\", \"my-app-*\"]"), "and source.ip:*", "and custom.field:*"));

        assertThat(RuleTexts.validate(file).findings()).extracting(f -> f.check().code()).containsExactly("DAC133");
    }

    @Test
    void everyIndexTemplateFileIsRegistered() throws Exception {
        try (var files = Files.list(Path.of("schemas/index-templates"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    IndexTemplates.FILES);
        }
        assertThat(IndexTemplates.load().forPattern("logs-aws.cloudtrail-*")).isPresent();
        assertThat(IndexTemplates.load().forPattern(".alerts-security.alerts-default")).isPresent();
        assertThat(IndexTemplates.load().forPattern("logs-*")).isEmpty();
    }
}
