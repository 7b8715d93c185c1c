package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.secret.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * plan, deploy, export and convert as a user runs them, with the credentials in the environment, against the Kibana
 * stand-in. No output may contain the API key.
 */
class DeployCommandTest {

    static final String KEY = "c2VjcmV0LWlkOnNlY3JldC1rZXktdmFsdWU=";

    /** The folder of the two seed rules. */
    static final String SEEDS = "rules/integrations/aws";

    private dev.dac.deploy.KibanaStandInAccess kibana;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void start() throws Exception {
        kibana = dev.dac.deploy.KibanaStandInAccess.start(KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    /**
     * dac as a user runs it, in this JVM: {@code env} on top of this environment, the output through the redactor
     * {@link Main} puts around stdout and stderr. {@link #dacProcess} runs a real separate process.
     */
    static Run dac(Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(env);
        CommandLine cli = DacCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        Redactor redactor = Redactor.forEnvironment(environment, args);
        return new Run(exit, redactor.redact(out.toString()), redactor.redact(err.toString()));
    }

    /** dac as a separate process ({@code java dev.dac.cli.Main}), with {@code env} added to its environment. */
    static Run dacProcess(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.dac.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err,
                StandardCharsets.UTF_8));
    }

    private Map<String, String> env() {
        return Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);
    }

    @Test
    void planDeployPlanAgainAndExport(@TempDir Path out) throws Exception {
        Run plan = dac(env(), "plan", SEEDS);
        assertThat(plan.exit()).isZero();
        assertThat(plan.out()).contains("create  9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f").contains("plan: 2 to create");

        Run dryRun = dac(env(), "deploy", "--dry-run", SEEDS);
        assertThat(dryRun.out()).contains("dry run: nothing was sent");
        assertThat(kibana.ruleCount("default")).isZero();

        Run deploy = dac(env(), "deploy", SEEDS);
        assertThat(deploy.exit()).as(deploy.all()).isZero();
        assertThat(deploy.out()).contains("created").contains("deploy: 2 rules, 0 failed");
        assertThat(deploy.err()).contains("dac deploy: importing rules 1-2 of 2");

        Run again = dac(env(), "plan", SEEDS);
        assertThat(again.out()).contains("plan: 0 to create, 0 to update, 2 unchanged");

        Run export = dac(env(), "export", "--out", out.toString());
        assertThat(export.exit()).as(export.all()).isZero();
        assertThat(out.resolve("aws_iam_long_term_access_key_first_seen_from_source_ip.toml")).exists();

        for (Run run : List.of(plan, dryRun, deploy, again, export)) {
            assertThat(run.all()).doesNotContain(KEY).doesNotContain("c2VjcmV0");
        }
    }

    @Test
    void aRejectedRuleFailsTheDeployAndIsNamed() throws Exception {
        kibana.reject("98cfaa44-83f0-4aba-90c4-363fb9d51a75", "data view not found");
        Run deploy = dac(env(), "deploy", SEEDS);
        assertThat(deploy.exit()).isEqualTo(1);
        assertThat(deploy.out()).contains("FAILED  98cfaa44-83f0-4aba-90c4-363fb9d51a75")
                .contains("data view not found").contains("deploy: 2 rules, 1 failed");
    }

    @Test
    void missingSettingsAndBadCredentialsAreExplained() throws Exception {
        Run noUrl = dac(Map.of(), "plan", SEEDS);
        assertThat(noUrl.exit()).isEqualTo(1);
        assertThat(noUrl.err()).contains("give --kibana-url or set KIBANA_URL");

        Run wrongKey = dac(Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", "bm90LXRoZS1rZXk="),
                "plan", SEEDS);
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("refused the credentials (401)").doesNotContain("bm90LXRoZS1rZXk=");

        Run insecure = dac(env(), "plan", "--insecure", SEEDS);
        assertThat(insecure.err()).contains("warning: TLS certificate verification is off");
    }

    @Test
    void convertPrintsImportReadyNdjson() throws Exception {
        Run convert = dac(Map.of(), "convert", SEEDS);
        assertThat(convert.exit()).isZero();
        List<String> lines = convert.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{").contains("\"rule_id\""));
        assertThat(convert.out()).contains("\"new_terms_fields\":[\"aws.cloudtrail.user_identity.access_key_id\","
                + "\"source.ip\"]").contains("\"history_window_start\":\"now-10d\"");

        Run badStack = dac(Map.of(), "convert", "--stack-version", "nine", SEEDS);
        assertThat(badStack.exit()).isEqualTo(1);
        assertThat(badStack.err()).contains("--stack-version nine is not a version; give one like 8.19.0");
        assertThat(badStack.out()).isEmpty();
    }

    @Test
    void thePlanShowsEnabledStateAndVersionChangesFromTheLock(@TempDir Path repo) throws Exception {
        Path rules = repo.resolve("rules");
        java.nio.file.Files.createDirectories(rules);
        Path rule = rules.resolve("first_seen.toml");
        java.nio.file.Files.copy(Path.of("rules/integrations/aws/credential_access_iam_long_term_access_key_first_seen"
                + "_from_source_ip.toml"), rule);
        String lockFile = repo.resolve("version.lock.json").toString();

        Run lock = dac(Map.of(), "lock", "--version-lock", lockFile, rules.toString());
        assertThat(lock.exit()).as(lock.all()).isZero();
        assertThat(lock.out()).contains("new      9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f").contains("version 1");

        Run plan = dac(env(), "plan", "--version-lock", lockFile, rules.toString());
        assertThat(plan.out()).contains("enabled (Kibana's default); version 1 (locked)")
                .contains("enabled: 1 of 1 rules to create or update will run (1 enabled by Kibana's default");
        Run off = dac(env(), "plan", "--enabled", "false", "--version-lock", lockFile, rules.toString());
        assertThat(off.out()).contains("disabled (--enabled)").contains("enabled: 0 of 1 rules");
        assertThat(dac(env(), "deploy", "--version-lock", lockFile, rules.toString()).exit()).isZero();

        String text = java.nio.file.Files.readString(rule);
        java.nio.file.Files.writeString(rule, text.replace("event.outcome: \"success\"", "event.outcome: \"failure\""));
        assertThat(java.nio.file.Files.readString(rule)).isNotEqualTo(text);
        Run changed = dac(env(), "plan", "--version-lock", lockFile, rules.toString());
        assertThat(changed.out()).contains("update  9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f")
                .contains("version 2 (content changed since the lock's version 1; dac lock records it)")
                .contains("~ version: 1 -> 2");
        Run convert = dac(Map.of(), "convert", "--version-lock", lockFile, rules.toString());
        assertThat(convert.out()).contains("\"version\":2");
        assertThat(convert.err()).contains("1 rules changed since the version lock");

        Run check = dac(Map.of(), "lock", "--check", "--version-lock", lockFile, rules.toString());
        assertThat(check.exit()).isEqualTo(1);
        Run bump = dac(Map.of(), "lock", "--version-lock", lockFile, rules.toString());
        assertThat(bump.out()).contains("bumped   9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f").contains("version 1 -> 2");
        assertThat(dac(env(), "plan", "--version-lock", lockFile, rules.toString()).out())
                .contains("version 2 (locked)").contains("~ version: 1 -> 2");
        assertThat(dac(Map.of(), "lock", "--check", "--version-lock", lockFile, rules.toString()).exit()).isZero();
    }
}
