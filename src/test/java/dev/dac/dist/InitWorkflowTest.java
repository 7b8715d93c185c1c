package dev.dac.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A new user's path, run as written: the archive make dist builds, {@code dac init}, the next steps it prints and the
 * shell commands of the CI workflow it generates. The Elasticsearch is this test run's node (ES_URL), so the local
 * node is not started twice.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class InitWorkflowTest {

    @TempDir
    Path scratch;

    @Test
    void theGeneratedWorkflowsCommandsPassWithTheArchiveOfMakeDist(RunningElasticsearch es) throws Exception {
        Path archive = makeDist();
        Path bin = unpack(archive).resolve("bin");
        Map<String, String> env = new HashMap<>(Map.of("ES_URL", es.url().toString(), "HOME",
                Files.createDirectories(scratch.resolve("home")).toString()));

        // dac init and the next steps it prints, pasted into a shell with the archive's bin/ on the PATH
        env.put("PATH", bin + ":/usr/bin:/bin");
        Installation.Run init = Installation.bash(scratch, env, "dac init my-rules");
        assertThat(init.exit()).as(init.out()).isZero();
        String nextSteps = init.out().lines().filter(l -> l.startsWith("  cd ")).findFirst().orElseThrow().strip();
        assertThat(nextSteps).isEqualTo("cd my-rules && dac validate rules/ && dac test");
        Installation.Run next = Installation.bash(scratch, env, nextSteps);
        assertThat(next.exit()).as(next.out()).isZero();
        assertThat(next.out()).contains("0 errors").contains("passed, 0 failed");

        // the workflow's run: steps, in order, as GitHub's runner does (bash -eo pipefail, GITHUB_PATH, RUNNER_TEMP),
        // on a machine where dac is not on the PATH yet
        Path repo = scratch.resolve("my-rules");
        Path githubPath = Files.createFile(scratch.resolve("github_path"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("RUNNER_TEMP", Files.createDirectories(scratch.resolve("runner_temp")).toString());
        env.put("GITHUB_PATH", githubPath.toString());
        env.put("DAC_DIST_URL", archive.toUri().toString());
        JsonNode workflow = new YAMLMapper().readTree(repo.resolve(".github/workflows/detection-rules.yml").toFile());
        List<String> ran = new ArrayList<>();
        for (JsonNode step : workflow.path("jobs").path("rules").path("steps")) {
            if (!step.has("run")) {
                continue;
            }
            Map<String, String> stepEnv = new HashMap<>(env);
            // each line of GITHUB_PATH goes in front of the PATH of the steps after it, the latest first
            List<String> added = new ArrayList<>(Files.readAllLines(githubPath));
            java.util.Collections.reverse(added);
            added.add(env.get("PATH"));
            stepEnv.put("PATH", String.join(":", added));
            Installation.Run run = Installation.bash(repo, stepEnv, step.get("run").asString());
            assertThat(run.exit()).as(step.get("run").asString() + "\n" + run.out()).isZero();
            ran.add(step.get("run").asString());
        }
        assertThat(ran).anyMatch(r -> r.contains("DAC_DIST_URL")).contains("dac validate --format sarif rules/ > dac.sarif",
                "dac test --format junit > rule-tests.xml");
        JsonNode sarif = JsonMapper.builder().build().readTree(repo.resolve("dac.sarif").toFile());
        assertThat(sarif.path("runs").get(0).path("tool").path("driver").path("name").asString()).isEqualTo("dac");
        assertThat(sarif.path("runs").get(0).path("results").isEmpty()).isTrue();
        String junit = Files.readString(repo.resolve("rule-tests.xml"));
        assertThat(junit).contains("<testsuite").contains("failures=\"0\"").doesNotContain("<failure");
    }

    @Test
    void withoutTheVariableTheInstallStepSaysWhatToSet() throws Exception {
        Path repo = scratch.resolve("repo");
        Files.createDirectories(repo);
        Files.copy(Installation.ROOT.resolve("src/main/resources/dev/dac/cli/init/workflow.yml.txt"),
                repo.resolve("workflow.yml"));
        JsonNode workflow = new YAMLMapper().readTree(repo.resolve("workflow.yml").toFile());
        String install = null;
        for (JsonNode step : workflow.path("jobs").path("rules").path("steps")) {
            if ("Install dac".equals(step.path("name").asString())) {
                install = step.get("run").asString();
            }
        }
        Installation.Run run = Installation.bash(repo, Map.of("DAC_DIST_URL", "", "RUNNER_TEMP", scratch.toString(),
                "GITHUB_PATH", scratch.resolve("github_path").toString()), install);
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("set the repository variable DAC_DIST_URL");
    }

    private Path makeDist() throws Exception {
        Path out = Files.createDirectories(scratch.resolve("dist"));
        Installation.Run dist = Installation.bash(Installation.ROOT, Map.of(), String.join(" ", "dist/make-dist.sh",
                Installation.jar(scratch).toString(), Installation.ARTIFACTS.toString(),
                Installation.notice(scratch).toString(), "9.9.9-test", out.toString()));
        assertThat(dist.exit()).as(dist.out()).isZero();
        Path archive = out.resolve("dac-9.9.9-test.tar.gz");
        assertThat(archive).isRegularFile();
        return archive;
    }

    private Path unpack(Path archive) throws Exception {
        Path into = Files.createDirectories(scratch.resolve("unpacked"));
        Installation.Run tar = Installation.bash(into, Map.of(), "tar -xzf " + archive);
        assertThat(tar.exit()).as(tar.out()).isZero();
        Path home = into.resolve("dac-9.9.9-test");
        assertThat(home.resolve("NOTICE")).isRegularFile();
        assertThat(home.resolve("lib/dac/elasticsearch-artifacts")).isDirectory();
        return home;
    }
}
