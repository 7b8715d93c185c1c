package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.load.SpecialFiles;
import dev.dac.validate.RuleTexts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture files are checked as strictly as rules: a misspelt key or a bad value is an error with its line. */
class FixtureReaderTest {

    private static final String GOOD = """
            [fixture]
            rule = "rule-a"

            [[case]]
            name = "one alert"
            execute_at = "2026-04-10T12:00:00Z"
            [[case.event]]
            at = "now-2m"
            "source.ip" = "203.0.113.7"
            [[case.expect]]
            count = 1
            [[case.expect.alert]]
            "source.ip" = "203.0.113.7"
            """;

    @TempDir
    Path dir;

    private final FixtureReader reader = new FixtureReader();

    private List<String> problems(String name, String text) {
        Path file = RuleTexts.write(dir, name, text);
        FixtureReader.FixtureException e = catchThrowableOfType(FixtureReader.FixtureException.class,
                () -> reader.read(file));
        assertThat(e).as("problems of %s", name).isNotNull();
        return e.problems();
    }

    @Test
    void aWellFormedFileReadsItsCases() throws Exception {
        List<TestCase> cases = reader.read(RuleTexts.write(dir, "good.toml", GOOD));

        assertThat(cases).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("one alert");
            assertThat(c.ruleIds()).containsExactly("rule-a");
            assertThat(c.events()).singleElement().satisfies(e -> assertThat(e.document().path("@timestamp")
                    .asString()).isEqualTo("2026-04-10T11:58:00Z"));
            assertThat(c.expectations()).singleElement().satisfies(x -> {
                assertThat(x.count()).isEqualTo(1);
                assertThat(x.alerts()).hasSize(1);
            });
        });
    }

    @Test
    void theProjectsFixturesHaveNoProblems() throws Exception {
        for (String name : List.of("aws_iam_long_term_key_first_seen_from_source_ip.toml",
                "aws_iam_long_term_key_correlated_with_elevated_alerts.toml")) {
            assertThat(reader.read(Path.of("fixtures", name))).as(name).isNotEmpty();
        }
    }

    @Test
    void misspeltKeysAreErrorsWithLineAndSuggestion() {
        String text = GOOD.replace("[[case.expect.alert]]", "[[case.expect.alerts]]")
                .replace("execute_at =", "execute_att =")
                .replace("[fixture]", "[fixtures]");

        List<String> problems = problems("typos.toml", text);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(dir.resolve("typos.toml") + ":12: ")
                .contains("unknown key 'alerts' in [[case.expect]]; did you mean 'alert'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("typos.toml:6: ")
                .contains("unknown key 'execute_att' in [[case]]; did you mean 'execute_at'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("typos.toml:1: ")
                .contains("unknown key 'fixtures' in the file; did you mean 'fixture'?"));
    }

    @Test
    void aNegativeOrMissingCountIsAnError() {
        assertThat(problems("negative.toml", GOOD.replace("count = 1", "count = -1")))
                .singleElement().asString().contains("negative.toml:11: case \"one alert\": ")
                .contains("'count' is -1; it must be at least 0");
        assertThat(problems("text.toml", GOOD.replace("count = 1", "count = \"1\"")))
                .singleElement().asString().contains("'count' must be a whole number, not a string");
        assertThat(problems("missing.toml", GOOD.replace("count = 1\n", "")))
                .singleElement().asString().contains("missing.toml:10: ")
                .contains("missing count = <number of alerts> in [[case.expect]]");
    }

    @Test
    void malformedTomlHasLineAndColumnAsInValidate() {
        assertThat(problems("broken.toml", GOOD.replace("count = 1", "count = ")))
                .singleElement().asString().contains("broken.toml:11: malformed TOML").contains("(column ");
    }

    @Test
    void aBadTimeNamesTheCaseAndTheLine() {
        String text = GOOD.replace("at = \"now-2m\"", "at = \"now-2x\"")
                + "\n[[case]]\nname = \"second\"\nexecute_at = \"tomorrow\"\n[[case.expect]]\ncount = 0\n";

        List<String> problems = problems("times.toml", text);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("times.toml:8: case \"one alert\": 'now-2x' is"
                + " not a time"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("times.toml:17: case \"second\": 'tomorrow' is"
                + " not a time"));
    }

    @Test
    void everyProblemOfTheFileIsReportedNotJustTheFirst() {
        String text = GOOD.replace("count = 1", "count = -3").replace("[[case.expect.alert]]", "[[case.expect.alerts]]")
                + "\n[[case]]\nname = \"later\"\n[[case.event]]\nat = \"soon\"\nrepeat = 3\n"
                + "[[case.expect]]\ncount = 0\n"
                + "\n[[case]]\nname = \"no expectation\"\n";

        List<String> problems = problems("many.toml", text);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'count' is -3"))
                .anySatisfy(p -> assertThat(p).contains("unknown key 'alerts'"))
                .anySatisfy(p -> assertThat(p).contains("case \"later\": 'soon' is not a time"))
                .anySatisfy(p -> assertThat(p).contains("missing [[case.expect]]"));
        // three copies of one bad event are one problem
        assertThat(problems).filteredOn(p -> p.contains("'soon'")).hasSize(1);
    }

    @Test
    void emptyFilesAndFilesWithoutCasesSaySo() {
        assertThat(problems("empty.toml", "")).singleElement().asString().contains("missing [[case]]");
        assertThat(problems("nocase.toml", "[fixture]\nrule = \"x\"\n")).singleElement().asString()
                .contains("missing [[case]]");
        assertThat(problems("norule.toml", "[[case]]\nname = \"x\"\n[[case.expect]]\ncount = 0\n"))
                .singleElement().asString().contains("norule.toml:1: case \"x\": names no rules to run");
    }

    @Test
    void wrongTypesAreErrorsNotIgnored() {
        assertThat(problems("types.toml", GOOD.replace("rule = \"rule-a\"", "rule = 7")
                .replace("name = \"one alert\"", "name = \"one alert\"\nrules = \"rule-a\"")))
                .anySatisfy(p -> assertThat(p).contains("'rule' must be a string, not an integer"))
                .anySatisfy(p -> assertThat(p).contains("'rules' must be an array, not a string"));
        assertThat(problems("table.toml", "[case]\nname = \"x\"\n")).singleElement().asString()
                .contains("'case' must be an array, not a table");
    }

    @Test
    void namedPipesAndEndlessDevicesAreRefusedWithoutReading() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pipe.toml"));
        Path zero = SpecialFiles.endlessLink(dir.resolve("zero.toml"));

        for (Path special : List.of(fifo, zero)) {
            FixtureReader.FixtureException e = catchThrowableOfType(FixtureReader.FixtureException.class,
                    () -> reader.read(special));
            assertThat(e.problems()).singleElement().asString().startsWith(special + ": ")
                    .contains("is not a regular file");
        }
    }

    @Test
    void theExecutionTimeDefaultsToTheFixedInstant() throws Exception {
        List<TestCase> cases = reader.read(RuleTexts.write(dir, "default.toml",
                GOOD.replace("execute_at = \"2026-04-10T12:00:00Z\"\n", "")));
        assertThat(cases.get(0).executeAt()).isEqualTo(Instant.parse("2026-04-10T12:00:00Z"))
                .isEqualTo(FixtureReader.DEFAULT_EXECUTION);
    }

    @Test
    void aTimelineReadsItsScheduleExecutionsLateEventsAndPerExecutionExpectations() throws Exception {
        List<TestCase> cases = reader.read(RuleTexts.write(dir, "timeline.toml", GOOD.replace("""
                [[case.event]]
                at = "now-2m"
                """, """
                [case.schedule]
                start = "now-30m"
                end = "now"
                every = "10m"
                [[case.execution]]
                at = "now-45m"
                [[case.event]]
                at = "now-2m"
                ingested = "now-1m"
                """) + """
                [[case.expect]]
                at = "now-10m"
                count = 0
                duplicates = 1
                gap = "were not queried"
                """));

        TestCase timeline = cases.get(0);
        Instant now = Instant.parse("2026-04-10T12:00:00Z");
        assertThat(timeline.timeline().schedule()).hasValue(new Timeline.Schedule(now.minusSeconds(1800), now,
                java.time.Duration.ofMinutes(10)));
        assertThat(timeline.timeline().runs()).containsExactly(new Timeline.Run(now.minusSeconds(2700), null));
        assertThat(timeline.events().get(0).ingestedAt()).isEqualTo(now.minusSeconds(60));
        assertThat(timeline.expectations()).filteredOn(x -> x.at() != null).singleElement().satisfies(x -> {
            assertThat(x.at()).isEqualTo(now.minusSeconds(600));
            assertThat(x.duplicates()).isEqualTo(1);
            assertThat(x.gap()).isEqualTo("were not queried");
        });
    }

    @Test
    void aTimelineWithAWrongIntervalABackwardScheduleOrAStrangeRuleIsRefused() {
        assertThat(problems("every.toml", GOOD.replace("""
                [[case.event]]
                """, """
                [case.schedule]
                start = "now-30m"
                end = "now"
                every = "5 minutes"
                [[case.event]]
                """))).singleElement().asString().contains("every.toml:10:")
                .contains("'every' is \"5 minutes\"; write a schedule interval such as 5m");
        assertThat(problems("timeline.toml", GOOD.replace("""
                [[case.event]]
                """, """
                [case.schedule]
                start = "now"
                end = "now-30m"
                [[case.execution]]
                at = "yesterday"
                rule = "rule-b"
                [[case.event]]
                """)))
                .anySatisfy(p -> assertThat(p).contains("timeline.toml:9:").contains("the schedule ends"
                        + " (2026-04-10T11:30:00Z) before it starts (2026-04-10T12:00:00Z)"))
                .anySatisfy(p -> assertThat(p).contains("timeline.toml:11:").contains("'yesterday' is not a time"))
                .anySatisfy(p -> assertThat(p).contains("timeline.toml:12:")
                        .contains("runs rule rule-b, which the case does not run"));
    }
}
