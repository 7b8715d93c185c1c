package dev.dac.esql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ES|QL functions of a newer Elasticsearch release than dac's local node, by name, so a function the engine does
 * not know can be told apart: one a newer stack has (URL_DECODE, CONTAINS, JSON_EXTRACT on 8.19) means the rule needs
 * that stack, where any other unknown name is a defect. The table is generated from the release's x-pack-esql jar
 * ({@code EsqlFunctionNamesGenerator}, {@code make esql-functions}).
 */
public final class NewerEsqlFunctions {

    static final String VERSION_PREFIX = "ES|QL functions of Elasticsearch ";
    private static final String TABLE = "/dev/dac/esql/esql-functions.txt";
    private static final NewerEsqlFunctions INSTANCE = load();

    private final String version;
    private final Set<String> names;

    private NewerEsqlFunctions(String version, Set<String> names) {
        this.version = version;
        this.names = Set.copyOf(names);
    }

    public static NewerEsqlFunctions table() {
        return INSTANCE;
    }

    /** The Elasticsearch release the table lists, such as 9.5.3. */
    public String version() {
        return version;
    }

    /** Whether that release has an ES|QL function of this name (any case). */
    public boolean has(String function) {
        return names.contains(function.toLowerCase(Locale.ROOT));
    }

    private static NewerEsqlFunctions load() {
        try (InputStream in = NewerEsqlFunctions.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from dac's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String version = null;
            Set<String> names = new HashSet<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("# " + VERSION_PREFIX)) {
                    version = line.substring(2 + VERSION_PREFIX.length()).trim();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
            if (version == null) {
                throw new IllegalStateException(TABLE + " does not say which release it lists");
            }
            return new NewerEsqlFunctions(version, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
