package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every production EQL query of the public detection-rules repository parses (Elasticsearch runs them all). */
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
}
