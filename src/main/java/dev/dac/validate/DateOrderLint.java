package dev.dac.validate;

import dev.dac.rule.RuleFile;
import dev.dac.rule.RuleMetadata;
import java.util.List;

/** A rule cannot have been updated before it was created. Dates are YYYY/MM/DD, so text order is date order. */
final class DateOrderLint implements RuleLint {

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        RuleMetadata metadata = model.metadata();
        String created = metadata.creationDate();
        String updated = metadata.updatedDate();
        if (created != null && updated != null && updated.compareTo(created) < 0) {
            findings.add(rule.findingAt(Check.UPDATED_BEFORE_CREATED, "/metadata/updated_date",
                    "updated_date " + updated + " is before creation_date " + created
                            + "; set updated_date to the day of the latest change"));
        }
    }
}
