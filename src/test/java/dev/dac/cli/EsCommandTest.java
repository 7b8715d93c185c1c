package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.ElasticsearchProvider;
import dev.dac.cluster.ClusterKind;
import dev.dac.cluster.ClusterSelection;
import dev.dac.cluster.LocalNodeSettings;
import dev.dac.cluster.RunningElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dac es start|status|stop}, with its node recorded in a folder of the test's own. */
@Tag("elasticsearch")
class EsCommandTest {

    @TempDir
    Path runs;

    /** dac's environment: its nodes' run folders and record in the test's folder, the assembled home shared. */
    private Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = ValidateCommandTest.environmentWith("DAC_ES_RUNS", runs.toString());
    }

    @AfterEach
    void stop() {
        ValidateCommandTest.run(env, "es", "stop");
    }

    @Test
    void startStatusReuseAndStop() throws Exception {
        assertThat(ValidateCommandTest.run(env, "es", "status").exit()).isEqualTo(1);

        ValidateCommandTest.Run start = ValidateCommandTest.run(env, "es", "start");
        assertThat(start.exit()).as(start.err()).isZero();
        Matcher m = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)").matcher(start.out());
        assertThat(m.find()).as(start.out()).isTrue();
        String url = m.group(1);
        ProcessHandle node = ProcessHandle.of(Long.parseLong(m.group(2))).orElseThrow();

        ValidateCommandTest.Run status = ValidateCommandTest.run(env, "es", "status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("running at " + url);

        ValidateCommandTest.Run again = ValidateCommandTest.run(env, "es", "start");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already running at " + url).contains("dac es stop");

        // later runs with the auto engine use the running node instead of starting one
        ElasticsearchProvider auto = ClusterSelection.choose(ClusterKind.AUTO, env);
        assertThat(auto.describe()).contains(url);
        try (RunningElasticsearch es = auto.start()) {
            assertThat(es.version()).isEqualTo(LocalNodeSettings.fromEnvironment(env).version());
        }

        ValidateCommandTest.Run stop = ValidateCommandTest.run(env, "es", "stop");
        assertThat(stop.out()).contains("stopped the local Elasticsearch node");
        assertThat(node.isAlive()).isFalse();
        assertThat(ValidateCommandTest.run(env, "es", "status").exit()).isEqualTo(1);
        try (var left = Files.list(runs.resolve("runs"))) {
            assertThat(left).isEmpty();
        }
    }
}
