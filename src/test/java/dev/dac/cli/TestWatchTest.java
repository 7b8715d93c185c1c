package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.validate.RuleTexts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code dac test --watch}: a saved fixture reruns its cases on the running node; closing stops it cleanly. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class TestWatchTest {

    private static final String FIXTURE = "aws_iam_long_term_key_first_seen_from_source_ip.toml";
    private static final String CASE = "a long-term key used from a new IP alerts";

    @TempDir
    Path repo;

    @Test
    void aSavedFixtureRerunsItsCasesAndOnlyThose(RunningElasticsearch es) throws Exception {
        Path rules = Files.createDirectories(repo.resolve("rules"));
        Path fixtures = Files.createDirectories(repo.resolve("fixtures/aws"));
        Files.copy(RuleTexts.NEW_IP_RULE, rules.resolve(RuleTexts.NEW_IP_RULE.getFileName()));
        Files.copy(Path.of("fixtures", FIXTURE), fixtures.resolve(FIXTURE));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TestWatch watch = new TestWatch(List.of(), List.of(rules), List.of(repo.resolve("fixtures")), es, false,
                new PrintWriter(out, true), new PrintWriter(err, true));
        Thread watching = new Thread(() -> {
            try {
                watch.run();
            } catch (Exception e) {
                err.write("watch failed: " + e);
            }
        });
        watching.start();
        try {
            awaitOutput(out, s -> s.contains("watching "));

            // break the first case's expectation: the rerun shows it failing, and runs no other fixture's cases
            String fixture = Files.readString(fixtures.resolve(FIXTURE));
            Files.writeString(fixtures.resolve(FIXTURE), fixture.replaceFirst("count = 1", "count = 2"));
            String rerun = awaitOutput(out, s -> s.contains("rerun: "));
            assertThat(rerun).contains("changed: " + FIXTURE)
                    .contains("FAIL  " + FIXTURE + " › " + CASE + "  (1/2 alerts")
                    .contains("expected 2 alerts of rule 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f, got 1")
                    .containsPattern("\\d+ cases rerun: \\d+ passed, 1 failed");

            // a fixture with a typo is reported, and the watch goes on; fixing it reruns the cases
            Files.writeString(fixtures.resolve(FIXTURE), fixture.replace("[[case.expect]]", "[[case.expekt]]"));
            awaitOutput(err, s -> s.contains("waiting for the next change"));
            Files.writeString(fixtures.resolve(FIXTURE), fixture);
            String fixed = awaitOutput(out, s -> s.split("rerun: ").length == 3);
            assertThat(fixed.substring(fixed.indexOf("rerun: ") + 1)).containsPattern("\\d+ cases rerun: \\d+ passed,"
                    + " 0 failed");
        } finally {
            watch.close();
            watching.join(30_000);
        }
        assertThat(watching.isAlive()).as("the watch stops when closed").isFalse();
        assertThat(err.toString()).doesNotContain("watch failed");
    }

    /** The writer's text once it satisfies {@code done}; the watch reacts within seconds, so a minute is ample. */
    private static String awaitOutput(StringWriter writer, Predicate<String> done) throws InterruptedException {
        for (int i = 0; i < 600 && !done.test(writer.toString()); i++) {
            Thread.sleep(100);
        }
        assertThat(writer.toString()).matches(done::test, "the watch's output so far:\n" + writer);
        return writer.toString();
    }
}
