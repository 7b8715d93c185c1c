package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.fields.FieldCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every production EQL query of the public detection-rules repository parses, and the field check finds no error in
 * any (Elasticsearch runs them all, over the indices they name): warnings for fields dac cannot confirm may remain.
 */
class EqlCorpusTest {

    @Test
    void everyPublicEqlRuleParses() {
        List<PublicEqlRules.PublicRule> rules = PublicEqlRules.all();
        List<String> failures = new ArrayList<>();
        int sequences = 0;
        for (PublicEqlRules.PublicRule rule : rules) {
            try {
                EqlNode.Statement statement = EqlParser.parse(rule.query());
                if (statement.query() instanceof EqlNode.Sequence) {
                    sequences++;
                }
            } catch (EqlSyntaxException e) {
                failures.add(rule.path() + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(rules).hasSizeGreaterThan(1000);
        assertThat(sequences).isGreaterThan(150);
    }

    @Test
    void noPublicEqlRuleGetsAFieldOrTypeError() throws EqlSyntaxException {
        FieldCatalog catalog = FieldCatalog.builtIn();
        List<String> errors = new ArrayList<>();
        int checkedFields = 0;
        java.util.Map<List<List<String>>, EqlFieldCheck> checks = new java.util.HashMap<>();
        for (PublicEqlRules.PublicRule rule : PublicEqlRules.all()) {
            EqlNode.Statement statement = EqlParser.parse(rule.query());
            checkedFields += EqlWalk.fields(statement).size();
            // rules of one package share their index patterns: one coverage each
            EqlFieldCheck check = checks.computeIfAbsent(List.of(rule.index(), rule.integration()),
                    key -> EqlFieldCheck.forRule(catalog, rule.index(), rule.integration()));
            for (EqlFieldCheck.Problem problem : check.check(statement)) {
                if (problem.kind() != EqlFieldCheck.Kind.UNCONFIRMED_FIELD) {
                    errors.add(rule.path() + ": " + problem.kind() + " " + problem.message());
                }
            }
        }
        assertThat(errors).isEmpty();
        assertThat(checkedFields).isGreaterThan(10_000);
    }
}
