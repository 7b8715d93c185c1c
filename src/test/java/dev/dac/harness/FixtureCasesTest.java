package dev.dac.harness;

import dev.dac.harness.junit.DacElasticsearch;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every fixture case of the project, run on the real Elasticsearch, passes; written as a user's Java rule test would be. */
@ExtendWith(DacElasticsearch.class)
class FixtureCasesTest {

    @Test
    void everyFixtureCasePasses(RunningElasticsearch es, RuleTestRun run) throws Exception {
        assertThat(run.problems()).isEmpty();
        assertThat(run.cases()).hasSizeGreaterThanOrEqualTo(25);

        TestReport report = run.run(run.cases(), es, Duration.ZERO, r -> { });

        String failures = report.results().stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + (r.error() != null ? r.error()
                        : r.outcomes().stream().flatMap(o -> o.differences().stream()).collect(Collectors.joining("; "))))
                .collect(Collectors.joining("\n"));
        assertThat(failures).isEmpty();
        assertThat(report.passed()).isEqualTo(run.cases().size());
    }
}
