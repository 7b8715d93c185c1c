package dev.dac.validate;

import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.util.Optional;

/** The ES|QL analysis of a rule, for the lints that only concern ES|QL rules. */
final class EsqlRules {

    private EsqlRules() {}

    static Optional<EsqlQueryAnalysis> analysis(RuleFile model) {
        return model.rule().typeFields() instanceof TypeFields.EsqlFields esql && esql.query() != null
                ? Optional.of(EsqlQueryAnalysis.of(esql.query()))
                : Optional.empty();
    }
}
