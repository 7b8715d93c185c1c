package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.dac.fields.IntegrationFields.DataStream;
import dev.dac.fields.IntegrationFieldsGenerator.Source;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrationFieldsGeneratorTest {

    /** A made-up package in elastic/integrations' layout, kept in the test resources. */
    private static final Path SAMPLE = Path.of("src", "test", "resources", "dev", "dac", "fields", "sample-package");
    private static final Source SOURCE = new Source("example/integrations", "packages/sample", "0123abc");

    @Test
    void flattensGroupsKeepsMultiFieldsWildcardsAndNestedAndLeavesEcsOut() throws Exception {
        String table = IntegrationFieldsGenerator.generate(SAMPLE, SOURCE);

        assertThat(table).startsWith("# Integration package sample 1.2.3\n")
                .contains("# Source: example/integrations packages/sample (")
                .contains("at commit 0123abc\n")
                .contains("# Licence: field names and types are facts");
        assertThat(body(table)).containsExactly(
                "logs-sample.audit-*\tdata_stream.type\tconstant_keyword",
                "logs-sample.audit-*\tsample.audit.actor.id\tkeyword",
                "logs-sample.audit-*\tsample.audit.actor.ip\tip",
                "logs-sample.audit-*\tsample.audit.request.body\tkeyword",
                "logs-sample.audit-*\tsample.audit.request.body.text\tmatch_only_text",
                "logs-sample.audit-*\tsample.audit.labels\tflattened",
                "logs-sample.audit-*\tsample.audit.Parameters.*\tobject",
                "logs-sample.audit-*\tsample.audit.targets\tnested",
                "logs-sample.audit-*\tsample.audit.targets.name\tkeyword",
                "logs-sample.audit-*\tsample.shared.count\tlong",
                "logs-sample.audit-*\tsample.audit.actor_id\tkeyword",
                "logs-sample.events.process-*\tprocess.Ext\tobject",
                "logs-sample.events.process-*\tprocess.Ext.code_signature.trusted\tboolean");
    }

    @Test
    void aStreamMappedWithDynamicFalseIsMarkedAndReadBackSo() throws Exception {
        String table = IntegrationFieldsGenerator.generate(SAMPLE, SOURCE);
        assertThat(table).contains("# Mapped with dynamic false: logs-sample.events.process-*\n")
                .doesNotContain("dynamic false: logs-sample.audit-*");

        IntegrationFields.IntegrationPackage pkg = IntegrationFields.read("sample.tsv",
                new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)), Set.of("process", "data_stream"));
        assertThat(pkg.name()).isEqualTo("sample");
        assertThat(pkg.version()).isEqualTo("1.2.3");
        assertThat(pkg.namespaces()).containsExactly("sample");
        assertThat(pkg.dataStreams()).extracting(DataStream::indexPattern, DataStream::dynamic)
                .containsExactly(tuple("logs-sample.audit-*", true), tuple("logs-sample.events.process-*", false));
    }

    @Test
    void aPackageReadFileByFileNamesTheCommitOfEachFile(@TempDir Path dir) throws Exception {
        Path pkg = copyOfSample(dir);
        Files.writeString(pkg.resolve(IntegrationFieldsGenerator.FILE_COMMITS),
                "manifest.yml\taaa111\ndata_stream/audit/fields/fields.yml\tbbb222\n");

        Source fileByFile = new Source("example/integrations", "packages/sample", "-");
        String table = IntegrationFieldsGenerator.generate(pkg, fileByFile);

        assertThat(table).contains("read file by file")
                .contains("#   manifest.yml at commit aaa111\n")
                .contains("#   data_stream/audit/fields/fields.yml at commit bbb222\n")
                .doesNotContain("at commit -");
    }

    @Test
    void aFieldTypedDifferentlyByTwoFilesOfAStreamIsAnError(@TempDir Path dir) throws Exception {
        Path pkg = copyOfSample(dir);
        Files.writeString(pkg.resolve("data_stream/audit/fields/zz-more.yml"),
                "- name: sample.audit.actor.id\n  type: long\n");

        assertThatThrownBy(() -> IntegrationFieldsGenerator.generate(pkg, SOURCE))
                .hasMessageContaining("zz-more.yml")
                .hasMessageContaining("sample.audit.actor.id is long here and keyword");
    }

    @Test
    void anAliasToAFieldTheStreamLacksAndAFieldWithoutTypeAreErrors(@TempDir Path dir) throws Exception {
        Path pkg = copyOfSample(dir);
        Path more = pkg.resolve("data_stream/audit/fields/zz-more.yml");
        Files.writeString(more, "- name: sample.audit.who\n  type: alias\n  path: sample.audit.nobody\n");
        assertThatThrownBy(() -> IntegrationFieldsGenerator.generate(pkg, SOURCE))
                .hasMessageContaining("alias sample.audit.who points at sample.audit.nobody");

        Files.writeString(more, "- name: sample.audit.untyped\n");
        assertThatThrownBy(() -> IntegrationFieldsGenerator.generate(pkg, SOURCE))
                .hasMessageContaining("field sample.audit.untyped has no type");
    }

    @Test
    void aFolderThatIsNoPackageIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.yml"), "name: x\nversion: 1.0.0\n");
        assertThatThrownBy(() -> IntegrationFieldsGenerator.generate(dir, SOURCE))
                .hasMessageContaining("has no data_stream folder");
    }

    private static List<String> body(String table) {
        return table.lines().filter(l -> !l.startsWith("#")).toList();
    }

    private static Path copyOfSample(Path dir) throws Exception {
        Path target = dir.resolve("sample");
        try (var files = Files.walk(SAMPLE)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(SAMPLE.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }
}
