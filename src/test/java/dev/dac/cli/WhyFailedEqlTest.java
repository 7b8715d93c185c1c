package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.RuleTexts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dac test} says why an EQL case or a threshold case failed, on the shared Elasticsearch, with the shipped
 * rules: the first failing clause of an event query, the sequence step without a match, the join key, maxspan,
 * order and until; a threshold group's count against the threshold.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class WhyFailedEqlTest {

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void useTheSharedNode(RunningElasticsearch es) {
        env = ValidateCommandTest.environmentWith("ES_URL", es.url().toString());
    }

    /** Cases of the shipped EQL and threshold rules that expect alerts they do not get. */
    private Path failingCases() {
        RuleTexts.write(dir, "eql_event.toml", """
                [fixture]
                rule = "0c9a6d1e-6f0b-4d2a-9a55-2f5e1c7b3d21"

                [[case]]
                name = "powershell from explorer is expected to alert"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-2m"
                "event.category" = "process"
                "event.type" = "start"
                "host.os.type" = "windows"
                "process.name" = "powershell.exe"
                "process.parent.name" = "explorer.exe"
                "process.args" = ["powershell.exe", "-enc", "SQBFAFgA"]
                [[case.expect]]
                count = 1

                [[case]]
                name = "a network event is expected to alert"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-2m"
                "event.category" = "network"
                "process.name" = "powershell.exe"
                [[case.expect]]
                count = 1
                """);
        String sequenceDefaults = """
                [fixture]
                rule = "7d3f9a40-1c2b-4e8f-a6d5-9b0e4c2f1a87"

                [event_defaults]
                "event.category" = "process"
                "event.type" = "start"
                "host.id" = "8f2d1c4e-host-0017"
                "user.name" = "jdoe"
                """;
        RuleTexts.write(dir, "eql_sequence.toml", sequenceDefaults + """

                [[case]]
                name = "the program starts from Program Files"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-5m"
                "process.name" = "certutil.exe"
                "process.args" = ["certutil.exe", "-decode", "a.b64", "a.exe"]
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-4m"
                "process.name" = "a.exe"
                "process.executable" = "C:\\\\Program Files\\\\a.exe"
                [[case.expect]]
                count = 3

                [[case]]
                name = "another user runs the program"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-5m"
                "process.name" = "certutil.exe"
                "process.args" = ["certutil.exe", "-decode", "a.b64", "a.exe"]
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-4m"
                "user.name" = "asmith"
                "process.name" = "a.exe"
                "process.executable" = "C:\\\\Users\\\\Public\\\\a.exe"
                [[case.expect]]
                count = 3

                [[case]]
                name = "the program starts three minutes later"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-5m"
                "process.name" = "certutil.exe"
                "process.args" = ["certutil.exe", "-decode", "a.b64", "a.exe"]
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-2m"
                "process.name" = "a.exe"
                "process.executable" = "C:\\\\Users\\\\Public\\\\a.exe"
                [[case.expect]]
                count = 3

                [[case]]
                name = "the program starts before the decode"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-5m"
                "process.name" = "a.exe"
                "process.executable" = "C:\\\\Users\\\\Public\\\\a.exe"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-4m"
                "process.name" = "certutil.exe"
                "process.args" = ["certutil.exe", "-decode", "a.b64", "a.exe"]
                [[case.expect]]
                count = 3

                [[case]]
                name = "explorer ends in between"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-5m"
                "process.name" = "certutil.exe"
                "process.args" = ["certutil.exe", "-decode", "a.b64", "a.exe"]
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-270s"
                "event.type" = "end"
                "process.name" = "explorer.exe"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-4m"
                "process.name" = "a.exe"
                "process.executable" = "C:\\\\Users\\\\Public\\\\a.exe"
                [[case.expect]]
                count = 3
                """);
        RuleTexts.write(dir, "threshold.toml", """
                [fixture]
                rule = "3c6e2f1a-8d4b-4b7e-9a51-2f0c9d7e6b43"

                [event_defaults]
                "event.dataset" = "aws.cloudtrail"
                "event.provider" = "signin.amazonaws.com"
                "event.action" = "ConsoleLogin"
                "event.outcome" = "failure"

                [[case]]
                name = "four failures are expected to alert"
                [[case.event]]
                repeat = 4
                at = "now-2m"
                "user.name" = "alice"
                "source.ip" = "198.51.100.{n}"
                [[case.event]]
                repeat = 5
                at = "now-2m"
                "user.name" = "bob"
                "source.ip" = "198.51.100.9"
                [[case.expect]]
                count = 1
                """);
        return dir;
    }

    private ValidateCommandTest.Run run(String... formatOptions) {
        String[] args = new String[formatOptions.length + 3];
        args[0] = "test";
        System.arraycopy(formatOptions, 0, args, 1, formatOptions.length);
        args[args.length - 2] = "--fixtures";
        args[args.length - 1] = failingCases().toString();
        return ValidateCommandTest.run(env, args);
    }

    @Test
    void anEventQuerySaysWhichClauseExcludedTheEventAndItsValue() {
        ValidateCommandTest.Run run = run();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("eql_event.toml:6: event 1: excluded by `process.parent.name : (\"winword.exe\","
                + " \"excel.exe\", \"powerpnt.exe\", \"outlook.exe\")` (query line 3); the event has"
                + " process.parent.name = \"explorer.exe\"").doesNotContain("dac does not explain yet");
    }

    @Test
    void anEventOfAnotherCategoryIsExcludedByItsCategory() {
        assertThat(section(run().out(), "a network event is expected to alert"))
                .contains("eql_event.toml:20: event 1: its event.category is \"network\", not \"process\" (query"
                        + " line 1)");
    }

    @Test
    void aSampleWhoseStepsShareNoJoinKeyShowsEachEventsKey() {
        RuleTexts.write(dir, "eql_sample.toml", """
                [fixture]
                rule = "00000000-0000-4000-8000-0000000e0005"

                [event_defaults]
                "event.category" = "process"
                "event.type" = "start"

                [[case]]
                name = "a.exe and b.exe on two hosts are expected to sample"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-4m"
                "process.name" = "b.exe"
                "host.id" = "h-1"
                [[case.event]]
                _index = "logs-endpoint.events.process-default"
                at = "now-3m"
                "process.name" = "a.exe"
                "host.id" = "h-2"
                [[case.expect]]
                count = 3
                """);
        ValidateCommandTest.Run run = ValidateCommandTest.run(env, "test", "--rules",
                "src/test/resources/dev/dac/harness/eql/rules", "--fixtures", dir.resolve("eql_sample.toml").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("(query line 2): matched by event 2 (eql_sample.toml:15)")
                .contains("(query line 3): matched by event 1 (eql_sample.toml:10)")
                .contains("the steps share no join key, so no sample forms:")
                .contains("eql_sample.toml:15: event 2 {")
                .contains("}: step 1 takes it with join key [host.id] = [h-2]")
                .contains("eql_sample.toml:10: event 1 {")
                .contains("}: step 2 takes it with join key [host.id] = [h-1]");
    }

    @Test
    void aSequenceStepWithoutAMatchIsNamedWithWhyEachEventMissesIt() {
        assertThat(section(run().out(), "the program starts from Program Files"))
                .contains("step 1 `[process where event.type == \"start\" and process.name : \"certutil.exe\"")
                .contains("(query line 2): matched by event 1 (eql_sequence.toml:12)")
                .contains("(query line 3): no event of the case matches it")
                .contains("eql_sequence.toml:17: event 2 {")
                .contains("not step 2: excluded by `process.executable : (")
                .contains("the event has process.executable = \"C:\\\\Program Files\\\\a.exe\"")
                .doesNotContain("joins no sequence");
    }

    @Test
    void aSequenceWhoseJoinKeyDiffersShowsBothKeys() {
        assertThat(section(run().out(), "another user runs the program"))
                .contains("(query line 3): matched by event 2 (eql_sequence.toml:32)")
                .contains("step 2 joins no sequence:")
                .contains("eql_sequence.toml:32: event 2 {user.name=\"asmith\"")
                .contains("its join key [host.id, user.name] is [8f2d1c4e-host-0017, asmith], and event 1"
                        + " (eql_sequence.toml:27) has [8f2d1c4e-host-0017, jdoe]");
    }

    @Test
    void aSequenceOverItsMaxspanShowsTheSpan() {
        assertThat(section(run().out(), "the program starts three minutes later"))
                .contains("step 2 joins no sequence:")
                .contains("eql_sequence.toml:48: event 2 {")
                .contains("it comes 3m after event 1 (eql_sequence.toml:43), which starts the sequence: maxspan=2m is"
                        + " exceeded");
    }

    @Test
    void aSequenceOutOfOrderOrEndedByUntilSaysSo() {
        String out = run().out();
        assertThat(section(out, "the program starts before the decode"))
                .contains("eql_sequence.toml:58: event 1 {")
                .contains("it comes before event 2 (eql_sequence.toml:63) of step 1: a sequence's steps must come in"
                        + " order");
        assertThat(section(out, "explorer ends in between"))
                .contains("(query line 4): matched by event 2 (eql_sequence.toml:78)")
                .contains("eql_sequence.toml:83: event 3 {")
                .contains("the until event, event 2 (eql_sequence.toml:78), comes between it and event 1"
                        + " (eql_sequence.toml:73) with the same key [8f2d1c4e-host-0017, jdoe] and ends the sequence");
    }

    @Test
    void aThresholdGroupShowsItsCountAndCardinalityAgainstTheRule() {
        assertThat(section(run().out(), "four failures are expected to alert"))
                .contains("threshold.toml:12: event 4 {user.name=\"alice\", source.ip=\"198.51.100.3\"}: matches the"
                        + " query")
                .contains("threshold group [user.name] = (\"alice\"): 4 events (event 1 (threshold.toml:12),")
                .contains("the threshold is 5; 4 distinct source.ip [")
                .contains("at least 3 needed (not reached)")
                // enough events, too few addresses: the cardinality is what keeps bob's group from alerting
                .contains("threshold group [user.name] = (\"bob\"): 5 events")
                .contains("the threshold is 5; 1 distinct source.ip [\"198.51.100.9\"], at least 3 needed (not"
                        + " reached)");
    }

    @Test
    void jsonAndJunitCarryTheEqlAndThresholdWhy() throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(run("--format", "json").out());
        Map<String, String> whyByCase = new java.util.HashMap<>();
        for (JsonNode c : root.path("cases")) {
            whyByCase.put(c.path("case").asString(), c.path("rules").get(0).path("why").toString());
        }
        assertThat(whyByCase.get("the program starts three minutes later")).contains("maxspan=2m is exceeded")
                .contains("eql_sequence.toml:48");
        assertThat(whyByCase.get("four failures are expected to alert")).contains("at least 3 needed (not reached)");

        String junit = run("--format", "junit").out();
        assertThat(junit).contains("eql_event.toml:6: event 1: excluded by `process.parent.name")
                .contains("step 2 joins no sequence:");
    }

    /** The text report's lines about one case: from its FAIL line to the next case's line. */
    private static String section(String out, String caseName) {
        int start = out.indexOf("› " + caseName + "  (");
        assertThat(start).as(out).isNotNegative();
        int end = out.indexOf("\nFAIL  ", start);
        int summary = out.indexOf("\nPASS  ", start);
        end = end < 0 ? out.length() : end;
        return out.substring(start, summary < 0 ? end : Math.min(end, summary));
    }
}
