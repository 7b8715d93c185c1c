package dev.dac.esql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names of a newer release's ES|QL functions, and how they are read from its x-pack-esql jar. */
class EsqlFunctionNamesTest {

    @TempDir
    Path dir;

    @Test
    void theKeptTableHasTheNewerFunctionsProductionRulesCall() {
        NewerEsqlFunctions table = NewerEsqlFunctions.table();
        assertThat(table.version()).isEqualTo("9.5.3");
        // functions 8.19 lacks that public rules without min_stack_version call, and one 8.19 has
        assertThat(table.has("URL_DECODE")).isTrue();
        assertThat(table.has("contains")).isTrue();
        assertThat(table.has("json_extract")).isTrue();
        assertThat(table.has("mv_contains")).isTrue();
        assertThat(table.has("values")).isTrue();
        assertThat(table.has("valuez")).isFalse();
        assertThat(table.has("url_decod")).isFalse();
    }

    @Test
    void aClassAnnotatedAsAFunctionGivesItsSnakeCaseNameAndOtherClassesNone() throws Exception {
        Path jar = dir.resolve("x-pack-esql.jar");
        byte[] annotated = ("....Lorg/elasticsearch/xpack/esql/expression/function/FunctionInfo;....")
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            put(zip, "org/elasticsearch/xpack/esql/expression/function/scalar/string/UrlDecode.class", annotated);
            put(zip, "org/elasticsearch/xpack/esql/expression/function/scalar/multivalue/MvContains.class", annotated);
            put(zip, "org/elasticsearch/xpack/esql/expression/function/scalar/string/UrlDecode$Evaluator.class",
                    annotated);
            put(zip, "org/elasticsearch/xpack/esql/plan/logical/Eval.class", "no annotation".getBytes());
        }

        String table = EsqlFunctionNamesGenerator.generate(jar, "9.9.9");

        assertThat(table.lines().filter(l -> !l.startsWith("#"))).containsExactly("mv_contains", "url_decode");
        assertThat(table).startsWith("# ES|QL functions of Elasticsearch 9.9.9\n");
        assertThat(EsqlFunctionNamesGenerator.snake("StGeohex")).isEqualTo("st_geohex");
        assertThat(EsqlFunctionNamesGenerator.snake("Atan2")).isEqualTo("atan2");
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
