package dev.dac.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kibana keys rules by rule_id and analysts tell them apart by name, so both must be unique across the files
 * checked together. Each file of a clash is reported, naming the others. A rule_id that is not a UUID is a warning:
 * Kibana takes any string (RuleSignatureId in its API), the format's tools make UUIDs.
 */
final class DuplicateIdentityCheck {

    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    List<Finding> check(List<RuleUnderCheck> rules) {
        List<Finding> findings = new ArrayList<>();
        for (RuleUnderCheck rule : rules) {
            if (rule.ruleId() != null && !UUID.matcher(rule.ruleId()).matches()) {
                findings.add(rule.findingAt(Check.RULE_ID_NOT_UUID, "/rule/rule_id", "rule_id \"" + rule.ruleId()
                        + "\" is not a UUID; Kibana accepts it, but tools of the rule format expect a lowercase UUID"
                        + " such as 9f8e3c5e-f72e-4e91-93f6-e98a4fae3e4f"));
            }
        }
        report(rules, RuleUnderCheck::ruleId, Check.DUPLICATE_RULE_ID, "/rule/rule_id", "rule_id", findings);
        // names clash regardless of case: "AWS Root Login" and "AWS root login" read as the same rule. A deprecated
        // rule is never deployed, so its successor may take over its name.
        report(rules, r -> r.name() == null || r.isDeprecated() ? null : r.name().toLowerCase(Locale.ROOT),
                Check.DUPLICATE_RULE_NAME, "/rule/name", "name", findings);
        return findings;
    }

    private static void report(List<RuleUnderCheck> rules, Function<RuleUnderCheck, String> key, Check check,
            String pointer, String label, List<Finding> findings) {
        Map<String, List<RuleUnderCheck>> groups = new LinkedHashMap<>();
        for (RuleUnderCheck rule : rules) {
            String value = key.apply(rule);
            if (value != null) {
                groups.computeIfAbsent(value, v -> new ArrayList<>()).add(rule);
            }
        }
        for (List<RuleUnderCheck> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            for (RuleUnderCheck rule : group) {
                String others = group.stream().filter(r -> r != rule).map(r -> r.path().toString())
                        .collect(Collectors.joining(", "));
                String value = label.equals("name") ? rule.name() : rule.ruleId();
                findings.add(rule.findingAt(check, pointer, label + " \"" + value + "\" is also used by " + others
                        + "; each rule needs its own " + label));
            }
        }
    }
}
