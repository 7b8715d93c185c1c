package dev.dac.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.engine.EsqlExecutor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs only where a Docker engine answers; elsewhere JUnit reports it skipped because Docker is absent. */
@Tag("elasticsearch")
@Testcontainers(disabledWithoutDocker = true)
class DockerProviderTest {

    @Test
    void aContainerServesEsqlAndIsRemovedOnClose() throws Exception {
        try (RunningElasticsearch es = new DockerProvider(null).start()) {
            assertThat(es.version()).startsWith("9.");
            var result = new EsqlExecutor(es.client()).run("row a = 1 | eval b = a + 1");
            assertThat(result.rows()).singleElement().satisfies(row -> assertThat(row.get("b").asInt()).isEqualTo(2));
        }
    }
}
