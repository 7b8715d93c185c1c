package dev.dac.rule;

import java.util.List;

/** Fields Kibana shows first on the alert details of this rule. */
public record InvestigationFields(List<String> fieldNames) {
    public InvestigationFields {
        fieldNames = CommonFields.copy(fieldNames);
    }
}
