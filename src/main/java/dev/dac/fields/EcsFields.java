package dev.dac.fields;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elastic Common Schema's fields and types, from the table dac keeps ({@code ecs-fields.tsv}, generated from an
 * ECS release; see the README). ECS describes what {@code logs-*} data streams, Beats indices and the security alerts
 * indices hold, so it answers for patterns dac has no template of its own for.
 */
public final class EcsFields {

    static final String VERSION_PREFIX = "ECS version ";
    private static final String RESOURCE = "ecs-fields.tsv";

    private final String version;
    private final Map<String, String> types;

    private EcsFields(String version, Map<String, String> types) {
        this.version = version;
        this.types = Collections.unmodifiableMap(types);
    }

    public static EcsFields load() {
        try (InputStream in = EcsFields.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EcsFields read(InputStream in) throws IOException {
        String version = null;
        Map<String, String> types = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("# " + VERSION_PREFIX)) {
                version = line.substring(("# " + VERSION_PREFIX).length()).strip();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int tab = line.indexOf('\t');
                types.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        if (version == null) {
            throw new IllegalStateException(RESOURCE + " does not say which ECS version it holds");
        }
        return new EcsFields(version, types);
    }

    /** The ECS release the table was generated from, such as 9.4.0. */
    public String version() {
        return version;
    }

    /** Every field (multi-fields included) and its Elasticsearch type, in ECS's order. */
    public Map<String, String> types() {
        return types;
    }

    /**
     * The fields as an index mapping ({@code {"properties": ...}}): objects opened into properties, nested fields
     * kept nested, multi-fields under their parent's {@code fields}.
     */
    public ObjectNode mapping() {
        return FlatFieldMapping.of(types);
    }
}
