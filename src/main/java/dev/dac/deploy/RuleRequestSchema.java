package dev.dac.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.dac.load.JsonSchemas;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The schema of the rule bodies dac sends to Kibana ({@code schemas/kibana/rule.request.schema.json}). The deployer
 * checks every body against it before sending, so a bad rule fails locally with the field named.
 */
public final class RuleRequestSchema {

    private final Schema schema = JsonSchemas.load("kibana/rule.request.schema.json");

    /** Problems as "field: message", empty when the body is valid. */
    public List<String> problems(JsonNode body) {
        return schema.validate(body).stream()
                .filter(e -> !List.of("if", "then", "allOf", "$ref").contains(String.valueOf(e.getKeyword())))
                .map(RuleRequestSchema::describe).distinct().toList();
    }

    private static String describe(Error error) {
        String path = error.getInstanceLocation().toString();
        return (path.isEmpty() || path.equals("$") ? "" : path.replaceFirst("^\\$\\.?", "") + ": ") + error.getMessage()
                .replaceFirst("^\\$[^:]*:\\s*", "");
    }
}
