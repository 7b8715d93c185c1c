package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EQL rules executed on a real node: functions evaluated after the search, sequences with per-step keys, runs,
 * missing events, the tiebreaker and the one-sequence-per-key-and-stage rule, samples, head and tail. The same rules
 * and fixtures run unchanged against a cluster with EQL ({@code dac test src/test/resources/dev/dac/harness/eql/rules
 * --fixtures src/test/resources/dev/dac/harness/eql/fixtures --engine url}).
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class EqlExecutionTest {

    private static final Path RULES = Path.of("src/test/resources/dev/dac/harness/eql/rules");
    private static final Path FIXTURES = Path.of("src/test/resources/dev/dac/harness/eql/fixtures");

    @Test
    void everyEqlCasePasses(RunningElasticsearch es) throws Exception {
        RuleTestRun run = RuleTestRun.load(List.of(RULES), List.of(FIXTURES));
        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).extracting(TestCase::name).contains(
                "every function holds: alert",
                "the child's parent is the first process: one sequence",
                "three failures then a success: one sequence of four events",
                "guard.exe on the same host between them: no sequence",
                "b.exe before a.exe on one host: one sample",
                "three events: the last two alert",
                "three events: the first alerts",
                "same time, b.exe first by sequence number: no sequence",
                "b.exe more than 1m after the first a.exe but within 1m of the second: still one sequence");

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        assertThat(report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.error() + " " + r.outcomes().stream()
                        .flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))).toList()).isEmpty();
        assertThat(report.passed()).isEqualTo(run.cases().size());
    }
}
