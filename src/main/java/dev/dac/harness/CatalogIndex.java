package dev.dac.harness;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.IndexTemplates;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body that creates an index as dac's field catalog knows it (a template where one serves the index, else its
 * integration table and ECS in types the local node has, else dynamic mapping), marked with who in dac created it,
 * so dac only ever replaces or writes to indices it made itself.
 */
public final class CatalogIndex {

    static final String CREATED_BY = "dac_created_by";

    private CatalogIndex() {}

    /** The body for {@code index}; {@code note} hears when no source knows the index. */
    public static ObjectNode body(FieldCatalog catalog, String index, String createdBy, Consumer<String> note) {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        Optional<IndexTemplates.IndexTemplate> template = catalog.template(index);
        if (template.isPresent()) {
            body.set("settings", template.get().settings());
            body.set("mappings", template.get().mappings().deepCopy());
        } else {
            Optional<ObjectNode> known = catalog.mappingFor(index, LocalNodeTypes::local);
            if (known.isPresent()) {
                body = withMappings(known.get());
            } else {
                note.accept("index " + index + ": no index template, integration table or ECS applies, so it was"
                        + " created with dynamic mapping (field types are Elasticsearch's guesses from the events)");
            }
        }
        ObjectNode mappings = body.has("mappings") ? (ObjectNode) body.get("mappings") : body.putObject("mappings");
        mappings.putObject("_meta").put(CREATED_BY, createdBy);
        return body;
    }

    /**
     * A body with catalog mappings: ECS and a package's table together hold thousands of fields and more nested ones
     * than Elasticsearch allows by default.
     */
    static ObjectNode withMappings(ObjectNode mappings) {
        ObjectNode body = ElasticsearchJson.mapper().createObjectNode();
        body.putObject("settings").put("index.mapping.total_fields.limit", 20000)
                .put("index.mapping.nested_fields.limit", 1000);
        body.set("mappings", mappings);
        return body;
    }

    /** Who in dac created {@code index} (its mark), or empty when dac did not create it. */
    public static Optional<String> creator(ElasticsearchJson elasticsearch, String index) throws IOException {
        var existing = elasticsearch.send("GET", "/" + index + "/_mapping", null);
        var mark = existing.path(index).path("mappings").path("_meta").path(CREATED_BY);
        return mark.isString() ? Optional.of(mark.asString()) : Optional.empty();
    }

    /** Whether {@code index} exists. */
    public static boolean exists(ElasticsearchJson elasticsearch, String index) throws IOException {
        try {
            elasticsearch.send("HEAD", "/" + index, null);
            return true;
        } catch (ElasticsearchJson.RequestFailed e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }
}
