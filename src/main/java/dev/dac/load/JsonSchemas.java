package dev.dac.load;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schemas of {@code schemas/}, shipped in the jar and loaded by their ids
 * ({@code https://dac.dev/schemas/...}), so references between them resolve without any network.
 */
public final class JsonSchemas {

    public static final String BASE = "https://dac.dev/schemas/";

    private JsonSchemas() {}

    /** The schema at {@code relativePath} under schemas/, ready to validate. */
    public static Schema load(String relativePath) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(BASE, "classpath:schemas/")));
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + relativePath));
        schema.initializeValidators();
        return schema;
    }
}
