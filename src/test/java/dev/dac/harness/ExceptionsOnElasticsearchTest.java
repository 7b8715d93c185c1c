package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exception lists applied by every executor dac runs, on the real node, in a repository of its own (rules/,
 * exceptions/, fixtures/). Expected alerts follow Kibana's build_exception_filter.ts
 * (x-pack/solutions/security/plugins/lists/server/services/exception_lists/): expired items and items with value
 * lists are left out, an excluded entry matches what lacks the field, and the filter is a must_not on every
 * search of the rule: the query rule's, each threshold and new terms phase (the history too, so a term seen only in
 * an excluded event is new), and the ES|QL request's filter (build_esql_search_request.ts).
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class ExceptionsOnElasticsearchTest {

    private static final Path TEST_RULES = Path.of("src/test/resources/dev/dac/harness/rules");
    private static final Path NEW_TERMS_RULE = Path.of(
            "rules/integrations/aws/credential_access_iam_long_term_access_key_first_seen_from_source_ip.toml");
    private static final String REFERENCE = "exceptions_list = [{ id = \"4a0c2d4e-0000-4000-8000-0000000000e1\","
            + " list_id = \"engine-exceptions\", namespace_type = \"single\", type = \"detection\" }]\n";

    @Test
    void everyExecutorLeavesOutWhatTheExceptionsMatch(RunningElasticsearch es, @TempDir Path repository)
            throws Exception {
        Path rules = Files.createDirectories(repository.resolve("rules"));
        for (String name : List.of("query_root_console_login.toml", "esql_root_console_login.toml",
                "threshold_failed_console_logins.toml")) {
            Files.writeString(rules.resolve(name), withReference(Files.readString(TEST_RULES.resolve(name))));
        }
        Files.writeString(rules.resolve("new_terms.toml"), withReference(Files.readString(NEW_TERMS_RULE)));
        Files.createDirectories(repository.resolve("exceptions"));
        Files.writeString(repository.resolve("exceptions/engine.toml"), EXCEPTIONS);
        Files.createDirectories(repository.resolve("fixtures"));
        Files.writeString(repository.resolve("fixtures/cases.toml"), CASES);

        RuleTestRun run = RuleTestRun.load(List.of(rules), List.of(repository.resolve("fixtures")));
        assertThat(run.problems()).isEmpty();
        assertThat(run.ruleSet().report().warnings()).extracting(f -> f.check().code())
                .contains("DAC166", "DAC169");

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        assertThat(report.results()).hasSize(6);
        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();
        // the request shows the exclusion Kibana builds: a must_not holding a should of the items
        CaseResult query = report.results().stream().filter(r -> r.testCase().name().startsWith("query rule"))
                .findFirst().orElseThrow();
        assertThat(query.outcomes().get(0).request()).contains("\"must_not\":[{\"bool\":{\"should\":[")
                .contains("\"match_phrase\":{\"source.ip\":\"192.0.2.50\"}").doesNotContain("expired-user")
                .doesNotContain("listed-user");
    }

    /** The rule text with the reference to the test list after its type (before any sub-table). */
    private static String withReference(String rule) {
        int type = rule.indexOf("\ntype = ");
        int lineEnd = rule.indexOf('\n', type + 1);
        return rule.substring(0, lineEnd + 1) + REFERENCE + rule.substring(lineEnd + 1);
    }

    private static final String EXCEPTIONS = """
            [metadata]
            creation_date = "2026/01/10"
            list_name = "Engine exceptions"
            updated_date = "2026/01/10"

            [[exceptions]]
            [exceptions.container]
            description = "One item per kind of entry the executors must honour."
            list_id = "engine-exceptions"
            name = "Engine exceptions"
            namespace_type = "single"
            type = "detection"

            [[exceptions.items]]
            description = "match_any with one value: Kibana's single match_phrase clause"
            item_id = "scanner-address"
            list_id = "engine-exceptions"
            name = "Scanner address"
            type = "simple"
            [[exceptions.items.entries]]
            field = "source.ip"
            operator = "included"
            type = "match_any"
            value = ["192.0.2.50"]

            [[exceptions.items]]
            description = "expired: Kibana skips it"
            expire_time = "2020-01-01T00:00:00.000Z"
            item_id = "expired"
            list_id = "engine-exceptions"
            name = "Expired"
            type = "simple"
            [[exceptions.items.entries]]
            field = "user.name"
            operator = "included"
            type = "match"
            value = "expired-user"

            [[exceptions.items]]
            description = "a value list: dac does not have it, so the whole item is left out"
            item_id = "listed"
            list_id = "engine-exceptions"
            name = "Listed"
            type = "simple"
            [[exceptions.items.entries]]
            field = "user.name"
            operator = "included"
            type = "match"
            value = "listed-user"
            [[exceptions.items.entries]]
            field = "source.ip"
            operator = "included"
            type = "list"
            list = { id = "blocked-ips.txt", type = "ip" }

            [[exceptions.items]]
            description = "exists, excluded: events of ap-south-1 that carry no user"
            item_id = "no-user-in-ap-south-1"
            list_id = "engine-exceptions"
            name = "No user in ap-south-1"
            type = "simple"
            [[exceptions.items.entries]]
            field = "cloud.region"
            operator = "included"
            type = "match"
            value = "ap-south-1"
            [[exceptions.items.entries]]
            field = "user.name"
            operator = "excluded"
            type = "exists"
            """;

    private static final String CASES = """
            [event_defaults]
            "event.dataset" = "aws.cloudtrail"
            "event.action" = "ConsoleLogin"
            "event.outcome" = "success"
            "aws.cloudtrail.user_identity.type" = "Root"
            "cloud.region" = "eu-west-1"

            [[case]]
            name = "query rule: match_any removes; an expired item and an item with a value list remove nothing"
            rules = ["00000000-0000-4000-8000-0000000000a1"]
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.50"
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.1"
            "user.name" = "expired-user"
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.2"
            "user.name" = "listed-user"
            [[case.expect]]
            count = 2
            [[case.expect.alert]]
            "user.name" = "expired-user"
            [[case.expect.alert]]
            "user.name" = "listed-user"

            [[case]]
            name = "query rule: an excluded exists entry matches a missing field"
            rules = ["00000000-0000-4000-8000-0000000000a1"]
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.3"
            "cloud.region" = "ap-south-1"
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.4"
            "cloud.region" = "ap-south-1"
            "user.name" = "alice"
            [[case.expect]]
            count = 1
            [[case.expect.alert]]
            "user.name" = "alice"

            [[case]]
            name = "ES|QL rule: excluded documents never reach the query"
            rules = ["00000000-0000-4000-8000-0000000000a2"]
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.50"
            [[case.event]]
            at = "now-2m"
            "source.ip" = "192.0.2.1"
            [[case.expect]]
            count = 1
            [[case.expect.alert]]
            "source.ip" = "192.0.2.1"

            [[case]]
            name = "threshold rule: excluded events do not count toward the threshold"
            rules = ["00000000-0000-4000-8000-0000000000a3"]
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "bob"
            "source.ip" = "192.0.2.1"
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "bob"
            "source.ip" = "192.0.2.2"
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "bob"
            "source.ip" = "192.0.2.3"
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "bob"
            "source.ip" = "192.0.2.50"
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "carol"
            "source.ip" = "192.0.2.1"
            [[case.event]]
            at = "now-2m"
            "event.outcome" = "failure"
            "user.name" = "carol"
            "source.ip" = "192.0.2.2"
            [[case.event]]
            at = "now-3m"
            "event.outcome" = "failure"
            "user.name" = "carol"
            "source.ip" = "192.0.2.1"
            [[case.event]]
            at = "now-3m"
            "event.outcome" = "failure"
            "user.name" = "carol"
            "source.ip" = "192.0.2.2"
            [[case.expect]]
            count = 1
            [[case.expect.alert]]
            "user.name" = "carol"

            [[case]]
            name = "new terms rule: a new term in an excluded event does not alert"
            rules = ["9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f"]
            [[case.event]]
            at = "now-2m"
            "aws.cloudtrail.user_identity.access_key_id" = "AKIAIOSFODNN7EXAMPLE"
            "aws.cloudtrail.user_identity.type" = "IAMUser"
            "source.ip" = "192.0.2.50"
            [[case.expect]]
            count = 0

            [[case]]
            name = "new terms rule: a term seen before only in excluded events is new"
            rules = ["9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f"]
            [[case.event]]
            at = "now-3d"
            "aws.cloudtrail.user_identity.access_key_id" = "AKIAIOSFODNN7EXAMPLE"
            "aws.cloudtrail.user_identity.type" = "IAMUser"
            "source.ip" = "198.51.100.9"
            "cloud.region" = "ap-south-1"
            [[case.event]]
            at = "now-2m"
            "aws.cloudtrail.user_identity.access_key_id" = "AKIAIOSFODNN7EXAMPLE"
            "aws.cloudtrail.user_identity.type" = "IAMUser"
            "source.ip" = "198.51.100.9"
            "user.name" = "ci-deployer"
            [[case.expect]]
            count = 1
            [[case.expect.alert]]
            "source.ip" = "198.51.100.9"
            """;
}
