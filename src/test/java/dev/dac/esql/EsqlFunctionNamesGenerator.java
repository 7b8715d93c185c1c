package dev.dac.esql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the names of the ES|QL functions of an Elasticsearch release ({@code
 * src/main/resources/dev/dac/esql/esql-functions.txt}) from that release's {@code org.elasticsearch.plugin:x-pack-esql}
 * jar: every top-level class that carries Elasticsearch's {@code FunctionInfo} annotation is a function, and its
 * name is the class name in snake case (UrlDecode → url_decode), as Elasticsearch names nearly all of them. Run it
 * with {@code make esql-functions}.
 */
public final class EsqlFunctionNamesGenerator {

    private static final byte[] FUNCTION_INFO = "Lorg/elasticsearch/xpack/esql/expression/function/FunctionInfo;"
            .getBytes(StandardCharsets.UTF_8);

    private EsqlFunctionNamesGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EsqlFunctionNamesGenerator X_PACK_ESQL_JAR VERSION OUT_TXT");
            System.exit(2);
        }
        Files.writeString(Path.of(args[2]), generate(Path.of(args[0]), args[1]), StandardCharsets.UTF_8);
    }

    static String generate(Path jar, String version) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String path = entry.getName();
                if (!path.endsWith(".class") || path.contains("$")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    if (contains(in.readAllBytes(), FUNCTION_INFO)) {
                        names.add(snake(path.substring(path.lastIndexOf('/') + 1, path.length() - ".class".length())));
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(NewerEsqlFunctions.VERSION_PREFIX).append(version).append('\n');
        out.append("# Names of the ES|QL functions of Elasticsearch ").append(version).append(", derived by dac from the")
                .append(" classes annotated as functions in org.elasticsearch.plugin:x-pack-esql:").append(version)
                .append(" (Elastic License 2.0; only the names are used).\n");
        out.append("# Regenerate with: make esql-functions ESQL_VERSION=x.y.z\n");
        names.forEach(name -> out.append(name).append('\n'));
        return out.toString();
    }

    static String snake(String className) {
        return className.replaceAll("(?<=[a-z0-9])([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
