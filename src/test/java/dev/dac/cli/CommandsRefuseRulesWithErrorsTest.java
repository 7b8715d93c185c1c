package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.deploy.KibanaStandInAccess;
import dev.dac.validate.RuleTexts;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert, plan, deploy and test load rules as validate does: a rule with an error stops them before they print,
 * send or run anything, with validate's findings on stderr; warnings are shown and do not stop them; a folder
 * without rule files is an error, not an empty success.
 */
class CommandsRefuseRulesWithErrorsTest {

    static final String KEY = DeployCommandTest.KEY;

    @TempDir
    Path dir;

    /** The seed new IP rule with a severity outside its risk score band (DAC101) and a KQL syntax error (DAC130). */
    private Path brokenRule(Path folder) {
        String text = RuleTexts.replace(RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE),
                "risk_score = 47", "risk_score = 90"), "and event.outcome: \"success\"", "and event.outcome: (\"success\"");
        return RuleTexts.write(folder, "broken_new_ip.toml", text);
    }

    /** The seed correlation rule: valid, with three DAC123 warnings. */
    private Path warnedRule(Path folder) {
        return RuleTexts.write(folder, "warned_correlation.toml", RuleTexts.read(RuleTexts.CORRELATION_RULE));
    }

    @Test
    void convertPrintsNothingForARuleWithErrors() {
        Path folder = dir.resolve("rules");
        brokenRule(folder);
        warnedRule(folder);

        ValidateCommandTest.Run run = ValidateCommandTest.run("convert", folder.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("broken_new_ip.toml  (rule_id 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f)")
                .containsPattern("error +DAC101 ").containsPattern("error +DAC130 ")
                .contains("2 files checked: 2 errors, 3 warnings")
                .contains("dac convert: 1 rule file has errors; nothing was printed");
    }

    @Test
    void convertShowsWarningsAndStillConverts() {
        Path rule = warnedRule(dir);

        ValidateCommandTest.Run run = ValidateCommandTest.run("convert", rule.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).singleElement().satisfies(l -> assertThat(l)
                .contains("\"rule_id\":\"98cfaa44-83f0-4aba-90c4-363fb9d51a75\""));
        assertThat(run.err()).containsPattern("warning +DAC123 ").contains("0 errors, 3 warnings")
                .doesNotContain("nothing was");
    }

    @Test
    void planAndDeployContactKibanaNotAtAllWhenARuleHasErrors() throws Exception {
        Path folder = dir.resolve("rules");
        brokenRule(folder);
        warnedRule(folder);
        try (KibanaStandInAccess kibana = KibanaStandInAccess.start(KEY, Set.of("default"))) {
            Map<String, String> env = Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);

            DeployCommandTest.Run plan = DeployCommandTest.dac(env, "plan", folder.toString());
            DeployCommandTest.Run deploy = DeployCommandTest.dac(env, "deploy", "--prune", folder.toString());

            assertThat(plan.exit()).isEqualTo(1);
            assertThat(plan.err()).containsPattern("error +DAC101 ")
                    .contains("dac plan: 1 rule file has errors; nothing was sent");
            assertThat(plan.out()).doesNotContain("plan:");
            assertThat(deploy.exit()).isEqualTo(1);
            assertThat(deploy.err()).containsPattern("error +DAC130 ")
                    .contains("dac deploy: 1 rule file has errors; nothing was sent")
                    .doesNotContain("reading the rules in");
            assertThat(deploy.out()).doesNotContain("deploy:");
            // validation comes before connecting: not even a read reached Kibana
            assertThat(kibana.requestCount()).isZero();
            assertThat(kibana.ruleCount("default")).isZero();
        }
    }

    @Test
    void deployGoesAheadWithWarningsAndShowsThem() throws Exception {
        Path folder = dir.resolve("rules");
        warnedRule(folder);
        try (KibanaStandInAccess kibana = KibanaStandInAccess.start(KEY, Set.of("default"))) {
            Map<String, String> env = Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);

            DeployCommandTest.Run deploy = DeployCommandTest.dac(env, "deploy", folder.toString());

            assertThat(deploy.exit()).as(deploy.all()).isZero();
            assertThat(deploy.err()).containsPattern("warning +DAC123 ").contains("0 errors, 3 warnings");
            assertThat(deploy.out()).contains("deploy: 1 rules, 0 failed");
            assertThat(kibana.ruleCount("default")).isEqualTo(1);
        }
    }

    @Test
    void testRunsNoCaseWhenARuleHasErrors() {
        Path rule = brokenRule(dir);

        ValidateCommandTest.Run run = ValidateCommandTest.run("test", rule.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).containsPattern("error +DAC101 ").containsPattern("error +DAC130 ")
                .contains("dac test: 1 rule file has errors; no case was run")
                .doesNotContain("starting");
        assertThat(run.out()).doesNotContain("PASS").doesNotContain("FAIL");
    }

    @Test
    void aFolderWithoutRuleFilesIsAnErrorForEveryCommand() {
        Path empty = dir.resolve("empty");
        RuleTexts.write(empty, "notes/README.md", "no rules here\n");

        ValidateCommandTest.Run validate = ValidateCommandTest.run("validate", empty.toString());
        ValidateCommandTest.Run convert = ValidateCommandTest.run("convert", empty.toString());
        ValidateCommandTest.Run test = ValidateCommandTest.run("test", "--rules", empty.toString());

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.out()).contains("no rule files found under " + empty).contains("DAC005")
                .contains("0 files checked: 1 error, 0 warnings");
        assertThat(convert.exit()).isEqualTo(1);
        assertThat(convert.out()).isEmpty();
        assertThat(convert.err()).contains("no rule files found under " + empty);
        assertThat(test.exit()).isEqualTo(1);
        assertThat(test.err()).contains("no rule files found under " + empty).doesNotContain("starting");
    }

    @Test
    void planWithoutRuleFilesSendsNothing() throws Exception {
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        try (KibanaStandInAccess kibana = KibanaStandInAccess.start(KEY, Set.of("default"))) {
            Map<String, String> env = Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);

            // with --prune, an empty repository would delete every rule in the space
            DeployCommandTest.Run deploy = DeployCommandTest.dac(env, "deploy", "--prune", empty.toString());

            assertThat(deploy.exit()).isEqualTo(1);
            assertThat(deploy.err()).contains("no rule files found under " + empty).contains("nothing was sent");
            assertThat(kibana.requestCount()).isZero();
        }
    }
}
