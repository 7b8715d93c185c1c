package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.RuleTestRun;
import dev.dac.harness.TestCase;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.RuleTexts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dac test} end to end on the shared Elasticsearch (given to dac as ES_URL). */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class TestCommandTest {

    @TempDir
    Path dir;

    /** dac's environment: the shared node as ES_URL. */
    private Map<String, String> env;

    @BeforeEach
    void useTheSharedNode(RunningElasticsearch es) {
        env = ValidateCommandTest.environmentWith("ES_URL", es.url().toString());
    }

    private Path brokenFixtures() {
        String fixture = RuleTexts.read(Path.of("fixtures/aws_iam_long_term_key_first_seen_from_source_ip.toml"));
        String broken = RuleTexts.replace(fixture, """
                name = "a long-term key used from a new IP alerts"
                [[case.event]]
                at = "now-2m"
                "source.ip" = "203.0.113.7"
                [[case.expect]]
                count = 1
                [[case.expect.alert]]
                "source.ip" = "203.0.113.7\"""", """
                name = "a long-term key used from a new IP alerts"
                [[case.event]]
                at = "now-2m"
                "source.ip" = "203.0.113.7"
                [[case.expect]]
                count = 2
                [[case.expect.alert]]
                "source.ip" = "203.0.113.8\"""");
        RuleTexts.write(dir, "broken.toml", broken);
        return dir;
    }

    /** The shipped rules and cases, read as dac test reads them: the counts a report must give. */
    private static RuleTestRun shipped() {
        return RuleTestRun.load(List.of(Path.of("rules")), List.of(Path.of("fixtures")));
    }

    @Test
    void allCasesOfARulePassAndTheReportSaysSo() {
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", RuleTexts.NEW_IP_RULE.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        // ES_URL is a cluster dac reaches, not one it starts
        assertThat(run.err()).contains("connecting to Elasticsearch at " + env.get("ES_URL")).doesNotContain("starting");
        assertThat(run.out()).contains("PASS  aws_iam_long_term_key_first_seen_from_source_ip.toml › a long-term key"
                + " used from a new IP alerts").contains(" passed, 0 failed");
        // correlation cases that also check the first-seen rule's alerts run; the others are not selected
        assertThat(run.out()).contains("a first-seen alert and an open high alert of another rule on the same IP"
                + " correlate").doesNotContain("a closed alert of the other rule does not correlate");
        int checking = shipped().casesFor(Set.of("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f")).size();
        assertThat(run.out()).contains(checking + " cases: " + checking + " passed, 0 failed");
    }

    @Test
    void aBrokenCaseFailsWithAReadableDiffAndExitOne() {
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", "--fixtures", brokenFixtures().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("FAIL  broken.toml › a long-term key used from a new IP alerts  (1/2 alerts")
                .contains("expected 2 alerts of rule 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f, got 1")
                .contains("no alert has {\"source.ip\":\"203.0.113.8\",")
                .contains("(closest alert differs in: source.ip is \"203.0.113.7\", expected \"203.0.113.8\")")
                .contains("raised by rule 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f:")
                .contains("query that ran: find candidate terms: POST logs-aws.cloudtrail-*/_search")
                .contains("1 failed");
    }

    /** Cases that fail for the reasons a detection engineer meets, each to be explained. */
    private Path whyFixtures() {
        RuleTexts.write(dir, "why.toml", """
                [fixture]
                rule = "9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f"

                [event_defaults]
                "event.dataset" = "aws.cloudtrail"
                "event.outcome" = "success"
                "aws.cloudtrail.user_identity.access_key_id" = "AKIAIOSFODNN7EXAMPLE"

                [[case]]
                name = "a failed call is expected to alert"
                [[case.event]]
                at = "now-2m"
                "source.ip" = "203.0.113.7"
                "event.outcome" = "failure"
                [[case.expect]]
                count = 1

                [[case]]
                name = "a pair seen in the history window is expected to alert"
                [[case.event]]
                at = "now-3d"
                "source.ip" = "203.0.113.7"
                [[case.event]]
                at = "now-2m"
                "source.ip" = "203.0.113.7"
                [[case.expect]]
                count = 1

                [[case]]
                name = "a misspelt field"
                [[case.event]]
                at = "now-2m"
                "source.ip" = "203.0.113.7"
                [[case.expect]]
                count = 1
                [[case.expect.alert]]
                "source.ipp" = "203.0.113.7"

                [[case]]
                name = "the correlation without alerts to read"
                rules = ["98cfaa44-83f0-4aba-90c4-363fb9d51a75"]
                [[case.expect]]
                count = 1
                """);
        return dir;
    }

    @Test
    void aFailedCaseSaysWhichClauseOrHistoryExcludedEachEventWithFixtureLines() {
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", "--fixtures", whyFixtures().toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                // KQL: the first clause of the query the event fails, and its value
                .contains("why.toml:11: event 1: excluded by `event.outcome: \"success\"` (query line 2); the event"
                        + " has event.outcome = \"failure\"")
                // new terms: the history window
                .contains("why.toml:20: event 1 {@timestamp=")
                .contains("is outside the rule's window")
                .contains("why.toml:23: event 2 {@timestamp=")
                .contains("this combination (\"AKIAIOSFODNN7EXAMPLE\", \"203.0.113.7\") of"
                        + " [aws.cloudtrail.user_identity.access_key_id, source.ip] was already seen at")
                .contains("in the history window (event 1, why.toml:20)")
                // a misspelt expected field: did-you-mean, its line, the event behind the alert, an honest header
                .contains("FAIL  why.toml › a misspelt field  (1/1 alerts; 0/1 expected alerts matched")
                .contains("why.toml:37: expected field source.ipp is on no raised alert; did you mean source.ip?")
                .contains("why.toml:31: alert 1 was raised by event 1\n")
                // ES|QL: the rows each command of the query leaves
                .contains("after from .alerts-security.* METADATA _id, _version, _index: 0 rows")
                // long queries folded
                .contains("characters; --verbose shows it whole)")
                .doesNotContain("dac could not explain");

        ValidateCommandTest.Run verbose = ValidateCommandTest.run(env, "test", "--verbose", "--fixtures",
                whyFixtures().toString());
        assertThat(verbose.out()).doesNotContain("--verbose shows it whole").contains("\"composite\"");
    }

    @Test
    void jsonAndJunitCarryTheRaisedAlertsTheQueryAndWhy() throws Exception {
        ValidateCommandTest.Run json = ValidateCommandTest.run(env, "test", "--format", "json", "--fixtures",
                whyFixtures().toString());
        JsonNode root = JsonMapper.builder().build().readTree(json.out());
        JsonNode misspelt = null;
        for (JsonNode c : root.path("cases")) {
            if (c.path("case").asString().equals("a misspelt field")) {
                misspelt = c;
            }
        }
        assertThat(misspelt).isNotNull();
        JsonNode rule = misspelt.path("rules").get(0);
        assertThat(rule.path("raised").get(0).path("source.ip").asString()).isEqualTo("203.0.113.7");
        assertThat(rule.path("query").asString()).startsWith("find candidate terms: POST");
        assertThat(rule.path("expected_alerts_matched").asInt()).isZero();
        assertThat(rule.path("why").toString()).contains("did you mean source.ip?");

        ValidateCommandTest.Run junit = ValidateCommandTest.run(env, "test", "--format", "junit", "--fixtures",
                whyFixtures().toString());
        assertThat(junit.out()).contains("why.toml:11: event 1: excluded by `event.outcome: \"success\"`");
    }

    @Test
    void jsonListsEveryCaseWithCounts() throws Exception {
        Path fixtures = brokenFixtures();
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", "--format", "json", "--fixtures",
                fixtures.toString());
        JsonNode json = JsonMapper.builder().build().readTree(run.out());

        assertThat(run.exit()).isEqualTo(1);
        List<JsonNode> cases = new java.util.ArrayList<>();
        json.path("cases").forEach(cases::add);
        assertThat(cases).hasSize(RuleTestRun.load(List.of(Path.of("rules")), List.of(fixtures)).cases()
                .size());
        JsonNode broken = cases.stream().filter(c -> c.path("case").asString()
                .equals("a long-term key used from a new IP alerts")).findFirst().orElseThrow();
        assertThat(broken.path("rule_id").asString()).isEqualTo("9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f");
        assertThat(broken.path("passed").asBoolean()).isFalse();
        assertThat(broken.path("expected").asInt()).isEqualTo(2);
        assertThat(broken.path("actual").asInt()).isEqualTo(1);
        assertThat(cases).filteredOn(c -> c != broken).allSatisfy(c -> assertThat(c.path("passed").asBoolean())
                .as(c.path("case").asString()).isTrue());
        assertThat(json.path("failed").asInt()).isEqualTo(1);
        assertThat(run.err()).contains("FAIL  broken.toml");
    }

    @Test
    void junitHasASuitePerFixtureFile() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", "--format", "junit");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));

        assertThat(run.exit()).isZero();
        RuleTestRun shipped = shipped();
        long fixtureFiles = shipped.cases().stream().map(TestCase::file).distinct().count();
        int cases = shipped.cases().size();
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo((int) fixtureFiles);
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(cases);
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo(String.valueOf(cases));
    }

    @Test
    void unusableFixturesAndUnknownEnginesAreExplained() {
        RuleTexts.write(dir, "bad.toml", "[[case]]\nname = \"x\"\n[[case.event]]\nat = \"yesterday\"\n");
        ValidateCommandTest.Run bad = ValidateCommandTest.run(env, "test", "--fixtures", dir.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("bad.toml:1: case \"x\": missing [[case.expect]]");

        // an engine dac does not have is a usage error that lists the ones it has, from the option or DAC_ENGINE
        ValidateCommandTest.Run option = ValidateCommandTest.run(env, "test", "--engine", "kubernetes");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("--engine").contains("kubernetes").containsIgnoringCase("auto")
                .containsIgnoringCase("local").containsIgnoringCase("docker").containsIgnoringCase("url");
        ValidateCommandTest.Run variable = ValidateCommandTest.run(
                ValidateCommandTest.environmentWith("DAC_ENGINE", "kubernetes"), "test");
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(variable.err()).contains("DAC_ENGINE names an unknown engine 'kubernetes'")
                .contains("auto, local, docker, url").doesNotContain("starting");

        ValidateCommandTest.Run sarif = ValidateCommandTest.run(env, "test", "--format", "sarif");
        assertThat(sarif.exit()).isEqualTo(2);
    }

    @Test
    void aNamedRuleFileOutsideTheRulesFolderIsTheRuleThatRuns() {
        // a copy of the seed rule that no longer requires success: the case written for that clause must now fail,
        // which it does only if this file, not the one under rules/, is executed
        String edited = RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE), "and event.outcome: \"success\"\n", "");
        Path copy = RuleTexts.write(dir, "some/dir/first_seen.toml", edited);

        ValidateCommandTest.Run run = ValidateCommandTest.run("test", copy.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  aws_iam_long_term_key_first_seen_from_source_ip.toml › failed calls do"
                + " not alert").contains("PASS  aws_iam_long_term_key_first_seen_from_source_ip.toml › a long-term key"
                + " used from a new IP alerts");
        // the copy stands in for the rule of its rule_id: no false duplicate
        assertThat(run.err()).doesNotContain("DAC103").doesNotContain("DAC104");
    }

    @Test
    void severalRulesAndFixturesFoldersAreSearchedRecursively() {
        Path firstRules = dir.resolve("team-a");
        Path secondRules = dir.resolve("team-b");
        RuleTexts.write(firstRules, "aws/deep/first_seen.toml", RuleTexts.read(RuleTexts.NEW_IP_RULE));
        RuleTexts.write(secondRules, "aws/deeper/still/correlation.toml", RuleTexts.read(RuleTexts.CORRELATION_RULE));
        Path firstFixtures = dir.resolve("cases-a");
        Path secondFixtures = dir.resolve("cases-b");
        RuleTexts.write(firstFixtures, "aws/first_seen_cases.toml",
                RuleTexts.read(Path.of("fixtures/aws_iam_long_term_key_first_seen_from_source_ip.toml")));
        RuleTexts.write(secondFixtures, "aws/nested/correlation_cases.toml",
                RuleTexts.read(Path.of("fixtures/aws_iam_long_term_key_correlated_with_elevated_alerts.toml")));

        ValidateCommandTest.Run run = ValidateCommandTest.run("test", "--rules", firstRules.toString(), "--rules",
                secondRules.toString(), "--fixtures", firstFixtures.toString(), "--fixtures", secondFixtures.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("PASS  first_seen_cases.toml › a long-term key used from a new IP alerts")
                .contains("PASS  correlation_cases.toml › a first-seen alert and an open high alert of another rule on"
                        + " the same IP correlate")
                .contains(" passed, 0 failed");
    }

    @Test
    void aNamedFixtureFileRunsItsOwnCasesAndIsNotReadAsARule() {
        Path fixture = Path.of("fixtures/aws_console_login_failures_from_several_addresses.toml");
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", fixture.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("DAC010").doesNotContain("DAC011");
        long inFile = shipped().casesFor(Set.of()).stream().filter(c -> c.file().endsWith(fixture.getFileName()))
                .count();
        assertThat(run.out()).contains("PASS  " + fixture.getFileName() + " › ")
                .doesNotContain("aws_iam_long_term_key_first_seen_from_source_ip.toml")
                .contains(inFile + " cases: " + inFile + " passed, 0 failed");
    }

    @Test
    void aFixtureFileOutsideTheFixturesFolderIsKnownByItsFixtureTable() {
        Path copy = RuleTexts.write(dir, "elsewhere/login_cases.toml",
                RuleTexts.read(Path.of("fixtures/aws_console_login_failures_from_several_addresses.toml")));

        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", copy.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("PASS  login_cases.toml › five failures for one user from three addresses")
                .doesNotContain("aws_console_login_failures_from_several_addresses.toml");
    }
}
