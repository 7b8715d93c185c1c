package dev.dac.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.RuleFile;
import dev.dac.rule.RuleType;
import dev.dac.rule.TypeFields;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule type of the format loads into its typed fields. */
class RuleModelReaderTest {

    private static RuleFile load(String type) throws Exception {
        return new RuleModelReader().read(new RuleFileParser().parse(Path.of("src/test/resources/dev/dac/types",
                type + ".toml")));
    }

    @ParameterizedTest
    @EnumSource(RuleType.class)
    void eachTypeLoadsWithItsOwnFields(RuleType type) throws Exception {
        RuleFile file = load(type.apiName());
        assertThat(file.rule().type()).isEqualTo(type);
        assertThat(file.rule().typeFields().type()).isEqualTo(type);
        assertThat(file.rule().ruleId()).startsWith("00000000-0000-4000-8000-");
        assertThat(file.metadata().creationDate()).isEqualTo("2026/01/10");
    }

    @Test
    void typeSpecificValuesAreRead() throws Exception {
        var eql = (TypeFields.EqlFields) load("eql").rule().typeFields();
        assertThat(eql.query()).startsWith("process where");
        assertThat(eql.index()).containsExactly("logs-endpoint.events.process-*");

        var threshold = (TypeFields.ThresholdFields) load("threshold").rule().typeFields();
        assertThat(threshold.threshold().field()).containsExactly("user.name");
        assertThat(threshold.threshold().value()).isEqualTo(20);
        assertThat(threshold.threshold().cardinality()).containsExactly(new TypeFields.Cardinality("source.ip", 5));

        var ml = (TypeFields.MachineLearningFields) load("machine_learning").rule().typeFields();
        assertThat(ml.anomalyThreshold()).isEqualTo(75);
        assertThat(ml.machineLearningJobId()).containsExactly("high_sent_bytes_destination_ip");

        var tm = (TypeFields.ThreatMatchFields) load("threat_match").rule().typeFields();
        assertThat(tm.threatIndex()).containsExactly("logs-ti_*");
        assertThat(tm.threatMapping()).singleElement().satisfies(g -> assertThat(g.entries()).singleElement()
                .isEqualTo(new TypeFields.ThreatMappingEntry("destination.ip", "mapping", "threat.indicator.ip", null)));

        var newTerms = (TypeFields.NewTermsFields) load("new_terms").rule().typeFields();
        assertThat(newTerms.newTermsFields()).containsExactly("host.id", "process.executable");
        assertThat(newTerms.historyWindowStart()).isEqualTo("now-7d");
    }

    @Test
    void aSingleJobIdStringIsReadAsAList() throws Exception {
        var parsed = new RuleFileParser().parse(Path.of("ml.toml"), RuleTextsForLoad.ML_SINGLE_JOB);
        var ml = (TypeFields.MachineLearningFields) new RuleModelReader().read(parsed).rule().typeFields();
        assertThat(ml.machineLearningJobId()).containsExactly("one_job");
    }

    @Test
    void defaultsApplyWhenScheduleFieldsAreAbsent() throws Exception {
        var common = load("machine_learning").rule().common();
        assertThat(common.effectiveFrom()).isEqualTo("now-6m");
        assertThat(common.effectiveInterval()).isEqualTo("5m");
        assertThat(common.effectiveMaxSignals()).isEqualTo(100);
        assertThat(load("query").rule().common().effectiveFrom()).isEqualTo("now-9m");
    }

    static final class RuleTextsForLoad {
        static final String ML_SINGLE_JOB = """
                [metadata]
                creation_date = "2026/01/10"
                updated_date = "2026/01/10"
                [rule]
                author = ["a"]
                description = "d"
                name = "ML"
                risk_score = 21
                rule_id = "00000000-0000-4000-8000-000000000010"
                severity = "low"
                type = "machine_learning"
                anomaly_threshold = 50
                machine_learning_job_id = "one_job"
                """;
    }
}
