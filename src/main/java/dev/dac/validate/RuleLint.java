package dev.dac.validate;

import dev.dac.rule.RuleFile;
import java.util.List;

/** A check of one rule that the JSON Schema cannot express. Runs only on rules the schema accepted. */
public interface RuleLint {

    void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings);
}
