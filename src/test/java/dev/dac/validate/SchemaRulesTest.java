package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One failing case per schema rule: a valid rule with one change, and the finding it must give. */
class SchemaRulesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        String seed = "new_ip";
        return Stream.of(
                new MutationCase("missing [rule] name", seed, "name = \"AWS IAM Long-Term Access Key First Seen from Source IP\"\n",
                        "", "DAC010", 7, "missing required field 'rule.name'"),
                new MutationCase("missing creation_date", seed, "creation_date = \"2026/04/06\"\n", "", "DAC010", 1,
                        "'metadata.creation_date'"),
                new MutationCase("missing [metadata] table", seed, "[metadata]\ncreation_date = \"2026/04/06\"\n"
                        + "integration = [\"aws\"]\nmaturity = \"production\"\nupdated_date = \"2026/04/06\"\n", "",
                        "DAC010", null, "add a [metadata] table"),
                new MutationCase("unknown rule field", seed, "interval = \"5m\"", "intervall = \"5m\"", "DAC011", 18,
                        "unknown field 'rule.intervall'"),
                new MutationCase("unknown top-level table", seed, "[rule]\n", "[rules]\nx = 1\n\n[rule]\n", "DAC011", 7,
                        "unknown field 'rules'"),
                new MutationCase("unknown metadata field", seed, "maturity = \"production\"", "maturty = \"production\"",
                        "DAC011", 4, "'metadata.maturty'"),
                new MutationCase("risk_score as string", seed, "risk_score = 47", "risk_score = \"47\"", "DAC012", 53,
                        "'rule.risk_score' must be an integer, not a string"),
                new MutationCase("tags not an array", seed, "tags = [\n", "tags = \"Domain: Cloud\"\nold_tags = [\n", "DAC012",
                        56, "'rule.tags' must be an array"),
                new MutationCase("risk_score over 100", seed, "risk_score = 47", "risk_score = 470", "DAC014", 53,
                        "must be at most 100"),
                new MutationCase("max_signals zero", seed, "max_signals = 100", "max_signals = 0", "DAC014", 21,
                        "must be at least 1"),
                new MutationCase("severity not in enum", seed, "severity = \"medium\"", "severity = \"moderate\"", "DAC013",
                        55, "expected one of \"low\", \"medium\", \"high\", \"critical\""),
                new MutationCase("maturity not in enum", seed, "maturity = \"production\"", "maturity = \"prod\"", "DAC013", 4,
                        "'metadata.maturity'"),
                new MutationCase("rule_id blank", seed, "rule_id = \"9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f\"",
                        "rule_id = \"  \"", "DAC013", 54, "'rule.rule_id'"),
                new MutationCase("date not YYYY/MM/DD", seed, "creation_date = \"2026/04/06\"",
                        "creation_date = \"2026-04-06\"", "DAC013", 2, "a date written YYYY/MM/DD"),
                new MutationCase("interval pattern", seed, "interval = \"5m\"", "interval = \"5 minutes\"", "DAC013", 18,
                        "a schedule interval such as 5m"),
                new MutationCase("from pattern", seed, "from = \"now-6m\"", "from = \"6m\"", "DAC013", 16,
                        "date math relative to now"),
                new MutationCase("tactic URL", seed, "reference = \"https://attack.mitre.org/tactics/TA0006/\"",
                        "reference = \"https://attack.mitre.org/TA0006\"", "DAC013", 89, "a tactic URL"),
                new MutationCase("technique URL", seed, "reference = \"https://attack.mitre.org/techniques/T1552/\"",
                        "reference = \"http://attack.mitre.org/techniques/T1552\"", "DAC013", 83, "a technique URL"),
                new MutationCase("sub-technique URL", seed, "reference = \"https://attack.mitre.org/techniques/T1078/004/\"",
                        "reference = \"https://attack.mitre.org/techniques/T1078.004/\"", "DAC013", 100,
                        "a sub-technique URL"),
                new MutationCase("tactic id pattern", seed, "id = \"TA0006\"", "id = \"CredentialAccess\"", "DAC013", 87,
                        "a tactic id such as TA0006"),
                new MutationCase("empty description", seed, "description = \"\"\"\nRaises", "description = \"\"\nold = \"\"\"\nRaises",
                        "DAC014", 9, "'rule.description' is empty"),
                new MutationCase("four new terms fields", seed, "value = [\"aws.cloudtrail.user_identity.access_key_id\", \"source.ip\"]",
                        "value = [\"a\", \"b\", \"c\", \"d\"]", "DAC014", 110, "has 4 items; takes at most 3"),
                new MutationCase("no new terms fields", seed, "value = [\"aws.cloudtrail.user_identity.access_key_id\", \"source.ip\"]",
                        "value = []", "DAC014", 110, "needs at least 1"),
                new MutationCase("repeated new terms field", seed,
                        "value = [\"aws.cloudtrail.user_identity.access_key_id\", \"source.ip\"]",
                        "value = [\"source.ip\", \"source.ip\"]", "DAC014", 110, "lists the same value more than once"),
                new MutationCase("history window not date math", seed, "value = \"now-10d\"", "value = \"10 days\"", "DAC013",
                        113, "date math relative to now"),
                new MutationCase("new_terms without its table", seed, "\n[rule.new_terms]\nfield = \"new_terms_fields\"\n"
                        + "value = [\"aws.cloudtrail.user_identity.access_key_id\", \"source.ip\"]\n"
                        + "[[rule.new_terms.history_window_start]]\nfield = \"history_window_start\"\n"
                        + "value = \"now-10d\"\n", "\n", "DAC010", 7, "'rule.new_terms'"),
                new MutationCase("history window in a plain table", seed, "[[rule.new_terms.history_window_start]]",
                        "[rule.new_terms.history_window_start]", "DAC012", 111,
                        "'rule.new_terms.history_window_start' must be an array, not a table"),
                new MutationCase("esql with index", "correlation", "type = \"esql\"", "type = \"esql\"\nindex = [\"logs-*\"]",
                        "DAC011", 86, "'rule.index' is not allowed for a rule of type 'esql'"),
                new MutationCase("esql with kuery language", "correlation", "language = \"esql\"", "language = \"kuery\"",
                        "DAC013", 25, "expected \"esql\""),
                new MutationCase("query rule without query", "query", "query = '''\nevent.dataset:okta.system and "
                        + "event.action:user.session.start and event.outcome:failure\n'''\n", "", "DAC010", 6,
                        "'rule.query'"),
                new MutationCase("blank query", "query", "event.dataset:okta.system and event.action:user.session.start "
                        + "and event.outcome:failure", "   ", "DAC013", 20, "a non-blank query"),
                new MutationCase("machine learning rule with query", "machine_learning", "anomaly_threshold = 75",
                        "anomaly_threshold = 75\nquery = \"x\"", "DAC011", 10, "'rule.query' is not allowed"),
                new MutationCase("machine learning job id as number", "machine_learning",
                        "machine_learning_job_id = [\"high_sent_bytes_destination_ip\"]",
                        "machine_learning_job_id = 7", "DAC012", 11, "a string or an array of strings"),
                new MutationCase("threshold value zero", "threshold", "value = 20", "value = 0", "DAC014", 23,
                        "must be at least 1"),
                new MutationCase("threshold suppression with group_by", "threshold", "[rule.alert_suppression.duration]",
                        "[rule.alert_suppression]\ngroup_by = [\"user.name\"]\n[rule.alert_suppression.duration]",
                        "DAC011", 29, "'rule.alert_suppression.group_by'"),
                new MutationCase("threat match without threat_index", "threat_match", "threat_index = [\"logs-ti_*\"]\n", "",
                        "DAC010", 6, "'rule.threat_index'"),
                new MutationCase("threat_query without threat_language", "threat_match", "threat_language = \"kuery\"\n", "",
                        "DAC010", 6, "threat_language"),
                new MutationCase("new_terms table on a query rule", "query", "type = \"query\"",
                        "type = \"query\"\n[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = [\"a\"]\n"
                                + "[[rule.new_terms.history_window_start]]\nfield = \"history_window_start\"\n"
                                + "value = \"now-1d\"\n[rule.x]\n", "DAC011", 20,
                        "'rule.new_terms' is not allowed for a rule of type 'query'"),
                new MutationCase("suppression strategy not in enum", "query", "missing_fields_strategy = \"suppress\"",
                        "missing_fields_strategy = \"drop\"", "DAC013", 42, "\"suppress\", \"doNotSuppress\""),
                new MutationCase("index and data_view_id together", "eql", "language = \"eql\"",
                        "language = \"eql\"\ndata_view_id = \"logs\"", "DAC015", 6, "cannot both be set"))
                .map(Arguments::of);
    }

    static String base(String name) {
        return switch (name) {
            case "new_ip" -> RuleTexts.read(RuleTexts.NEW_IP_RULE);
            case "correlation" -> RuleTexts.read(RuleTexts.CORRELATION_RULE);
            default -> RuleTexts.sample(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachSchemaRuleHasAFailingCase(MutationCase c) {
        String text = RuleTexts.replace(base(c.base()), c.from(), c.to());
        Path file = RuleTexts.write(dir, "rule.toml", text);

        ValidationReport report = RuleTexts.validate(file);

        assertThat(report.errors())
                .as("errors for %s", c.name())
                .anySatisfy(f -> {
                    assertThat(f.check().code()).isEqualTo(c.code());
                    assertThat(f.message()).contains(c.messagePart());
                    assertThat(f.line()).isEqualTo(c.line());
                    assertThat(f.file()).isEqualTo(file);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theUnchangedBaseIsValid(MutationCase c) {
        Path file = RuleTexts.write(dir, "rule.toml", base(c.base()));
        assertThat(RuleTexts.validate(file).errors()).isEmpty();
    }
}
