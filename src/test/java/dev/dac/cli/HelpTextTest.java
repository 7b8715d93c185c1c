package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help as a terminal shows it: copyable, consistent, and naming the settings it reads. */
class HelpTextTest {

    /** Each command's help at picocli's default 80 columns, by its full name ("dac es start"). */
    private static Map<String, String> helps(int width) {
        Map<String, String> helps = new LinkedHashMap<>();
        collect(DacCommand.commandLine(Map.of()), width, helps);
        return helps;
    }

    private static void collect(CommandLine cli, int width, Map<String, String> helps) {
        cli.setUsageHelpWidth(width);
        helps.put(cli.getCommandSpec().qualifiedName(), cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
        cli.getSubcommands().values().forEach(sub -> collect(sub, width, helps));
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
    }

    /**
     * Wrapping at 80 columns only moves words to the next line: every word (a path, a file name, an option with its
     * value) reads as it does in the unwrapped text, so what is copied from the terminal works.
     */
    @Test
    void noWordOrPathIsBrokenInTwo() {
        Map<String, String> narrow = helps(80);
        Map<String, String> wide = helps(1000);
        assertThat(narrow).hasSizeGreaterThan(10);
        Map<String, List<String>> broken = new LinkedHashMap<>();
        narrow.forEach((command, help) -> {
            List<String> pieces = words(help);
            pieces.removeAll(words(wide.get(command)));
            if (!pieces.isEmpty()) {
                broken.put(command, pieces);
            }
        });
        assertThat(broken).as("pieces of words broken at the end of a line").isEmpty();
        narrow.forEach((command, help) -> assertThat(words(help)).as(command + " --help:\n" + help)
                .containsExactlyElementsOf(words(wide.get(command))));
    }

    @Test
    void formatNamesAreLowerCaseEverywhere() {
        Map<String, String> helps = helps(80);
        helps.forEach((command, help) -> assertThat(help).as(command).doesNotContainPattern("\\b(TEXT|SARIF|JUNIT)\\b"));
        assertThat(helps.get("dac validate")).contains("text, json, sarif or junit");
        assertThat(helps.get("dac test")).contains("text, json or junit");
    }

    @Test
    void everyCredentialVariableIsNamedWhereItApplies() {
        Map<String, String> helps = helps(80);
        for (String kibana : List.of("dac plan", "dac deploy", "dac export")) {
            assertThat(helps.get(kibana)).as(kibana)
                    .contains("KIBANA_URL", "KIBANA_API_KEY", "KIBANA_USERNAME", "KIBANA_PASSWORD");
        }
        for (String elasticsearch : List.of("dac validate", "dac test", "dac fields pull")) {
            assertThat(helps.get(elasticsearch)).as(elasticsearch)
                    .contains("ES_URL", "ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERT");
        }
        for (String engine : List.of("dac validate", "dac test")) {
            assertThat(helps.get(engine)).as(engine).contains("DAC_ENGINE", "DAC_DOCKER_IMAGE", "DAC_ES_ARTIFACTS");
        }
        assertThat(helps.get("dac es")).contains("DAC_ES_ARTIFACTS", "DAC_ES_WORK", "DAC_ES_PORT");
    }
}
