package dev.dac.rule;

import java.util.List;

/** The {@code [metadata]} table: bookkeeping that is not sent to Kibana. */
public record RuleMetadata(
        String creationDate,
        String updatedDate,
        String deprecationDate,
        String maturity,
        List<String> integration,
        String minStackVersion,
        String minStackComments,
        Boolean querySchemaValidation) {

    public RuleMetadata {
        integration = integration == null ? List.of() : List.copyOf(integration);
    }
}
