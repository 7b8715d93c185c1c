package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dac.fields.FieldMap;
import dev.dac.fields.FieldCatalog;
import dev.dac.kql.KqlEvaluator;
import dev.dac.kql.KqlParser;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation never touches the network (issue 12): IP literals in queries are read from their text, never resolved
 * as host names, so a hex-like word such as {@code cafe} costs no DNS lookup and gives the same answer offline.
 */
@Isolated // installs a security manager for the whole JVM while it runs
class NoNameResolutionTest {

    /** InetAddress methods that may ask a name service (forward or reverse). */
    private static final Pattern RESOLVING = Pattern.compile(
            "\\b(getByName|getAllByName|getLocalHost|getHostName|getCanonicalHostName)\\s*\\(");

    @TempDir
    Path dir;

    @Test
    void mainCodeCallsNoResolvingInetAddressMethod() throws IOException {
        List<String> calls;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            calls = files.filter(f -> f.toString().endsWith(".java")).flatMap(NoNameResolutionTest::resolvingLines)
                    .toList();
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void validatingAndEvaluatingHexLikeWordsResolvesNoName() throws Exception {
        Path rule = RuleTexts.write(dir, "rule.toml", RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE),
                "and source.ip:*", "and source.ip: (cafe or \"beef::\" or \"fe80::1\" or 10.0.0.0/8)"
                        + " and not source.ip: \"2001:db8::/32\" and source.ip < face"));
        FieldMap fields = FieldCatalog.builtIn().forPatterns(List.of("logs-aws.cloudtrail-*")).fields();
        KqlEvaluator evaluator = new KqlEvaluator(fields, Clock.fixed(Instant.parse("2026-04-15T10:30:00Z"), ZoneOffset.UTC));
        var document = JsonMapper.builder().build().readTree("{\"source\": {\"ip\": \"dead\"}}");

        try (RecordingLookups lookups = RecordingLookups.install()) {
            // the recorder sees a name lookup, and stops it before any query leaves the machine
            assertThatThrownBy(() -> InetAddress.getByName("cafe")).isInstanceOf(SecurityException.class);
            assertThat(lookups.hosts()).containsExactly("cafe");
            lookups.hosts().clear();

            List<Finding> findings = RuleTexts.validate(rule).findings();
            boolean matched = evaluator.matches(KqlParser.parse("source.ip: (10.0.0.0/8 or \"beef::\")"), document);

            assertThat(lookups.hosts()).isEmpty();
            assertThat(findings).filteredOn(f -> f.check().code().equals("DAC132"))
                    .extracting(Finding::message).hasSize(2)
                    .anySatisfy(m -> assertThat(m).contains("'cafe' is not an IP address"))
                    .anySatisfy(m -> assertThat(m).contains("'face' is not an IP address"));
            assertThat(matched).isFalse();
        }
    }

    private static Stream<String> resolvingLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> RESOLVING.matcher(lines.get(i)).find())
                    .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A security manager that allows everything but name lookups and connections: InetAddress asks
     * {@code checkConnect(host, -1)} before it resolves a name (JDK 17), so every lookup on any thread is recorded
     * and refused before it reaches a name service.
     */
    @SuppressWarnings("removal")
    private static final class RecordingLookups extends SecurityManager implements AutoCloseable {
        private final List<String> hosts = new CopyOnWriteArrayList<>();

        static RecordingLookups install() {
            RecordingLookups recorder = new RecordingLookups();
            System.setSecurityManager(recorder);
            return recorder;
        }

        List<String> hosts() {
            return hosts;
        }

        @Override
        public void checkPermission(Permission permission) {}

        @Override
        public void checkPermission(Permission permission, Object context) {}

        @Override
        public void checkConnect(String host, int port) {
            hosts.add(host);
            throw new SecurityException("no network during validation: " + host + (port < 0 ? "" : ":" + port));
        }

        @Override
        public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
        }

        @Override
        public void close() {
            System.setSecurityManager(null);
        }
    }
}
