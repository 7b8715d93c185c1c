package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Number and string edge cases of Kibana's mappings (build_risk_score_from_mapping.ts reads strings with JavaScript's
 * Number(), build_severity_from_mapping.ts compares safe integers and strings); the real-node cases are in
 * RuleSettingsEngineTest.
 */
class AlertOverridesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path SAMPLE = Path.of("src/test/resources/dev/dac/types/esql.toml");

    /** The sample ES|QL rule (name "Sample ESQL Rule", medium, 47) with {@code settings}. */
    private static Rule rule(RuleSettings settings) throws Exception {
        Rule sample = new RuleModelReader().read(new RuleFileParser().parse(SAMPLE)).rule();
        return new Rule(sample.common(), sample.typeFields(), settings);
    }

    private static AlertOverrides.Resolved resolve(RuleSettings settings, String fields) throws Exception {
        return AlertOverrides.resolve(rule(settings), (ObjectNode) JSON.readTree(fields));
    }

    private static RuleSettings scoreFrom(String field) {
        return new RuleSettings(null, null, null,
                List.of(new RuleSettings.RiskScoreMappingItem(field, "equals", "", null)), null, null);
    }

    @Test
    void riskScoreStringsReadAsJavaScriptNumbers() throws Exception {
        assertThat(resolve(scoreFrom("s"), "{\"s\":\" 1e1 \"}").riskScore().asInt()).isEqualTo(10);
        assertThat(resolve(scoreFrom("s"), "{\"s\":\"\"}").riskScore().asInt()).isZero();
        assertThat(resolve(scoreFrom("s"), "{\"s\":\"0x10\"}").riskScore().asInt()).isEqualTo(16);
        assertThat(resolve(scoreFrom("s"), "{\"s\":\"-0x10\"}").riskScore().asInt()).isEqualTo(47);
        assertThat(resolve(scoreFrom("s"), "{\"s\":\"Infinity\"}").riskScore().asInt()).isEqualTo(47);
        assertThat(resolve(scoreFrom("s"), "{\"s\":\"0o9\"}").riskScore().asInt()).isEqualTo(47);
        assertThat(resolve(scoreFrom("s"), "{\"s\":[true, 100.0, 101]}").riskScore().asInt()).isEqualTo(100);
        assertThat(resolve(scoreFrom("s"), "{}").riskScore().asInt()).isEqualTo(47);
    }

    @Test
    void severityComparesIntegersAndStringsAsStrings() throws Exception {
        RuleSettings byCode = new RuleSettings(null, null,
                List.of(new RuleSettings.SeverityMappingItem("code", "equals", "4", Severity.HIGH)), null, null, null);

        assertThat(resolve(byCode, "{\"code\":4.0}").severity()).isEqualTo("high");
        assertThat(resolve(byCode, "{\"code\":[\"1\",\"4\"]}").severity()).isEqualTo("high");
        assertThat(resolve(byCode, "{\"code\":4.5}").severity()).isEqualTo("medium");
        assertThat(resolve(byCode, "{\"code\":true}").severity()).isEqualTo("medium");
    }

    @Test
    void aRuleNameOverrideTakesOnlyASingleString() throws Exception {
        RuleSettings byName = new RuleSettings(null, null, null, null, "rule.name", null);

        assertThat(resolve(byName, "{\"rule.name\":\"From Event\"}").name()).isEqualTo("From Event");
        assertThat(resolve(byName, "{\"rule.name\":7}").name()).isEqualTo("Sample ESQL Rule");
    }
}
