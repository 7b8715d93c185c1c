package dev.dac.validate;

import dev.dac.load.ParsedRuleFile;
import dev.dac.rule.ExceptionList;
import dev.dac.rule.RuleFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One rule file after the checks: what each stage produced as far as the file got (the parsed document, the typed
 * model, the query analyses) and the file's own findings. Clashes with other files (a shared rule_id or name) belong
 * to the {@link RuleSet}, which sees all of them. {@code exceptionLists} are the repository's exception lists the
 * rule's exceptions_list references, as the engine applies them.
 */
public record CheckedRule(Path path, Optional<ParsedRuleFile> parsed, Optional<RuleFile> model,
        QueryAnalyses queries, List<Finding> findings, List<ExceptionList> exceptionLists) {

    public CheckedRule {
        findings = List.copyOf(findings);
        exceptionLists = List.copyOf(exceptionLists);
    }

    /** A rule whose exception lists are not (yet) resolved. */
    public CheckedRule(Path path, Optional<ParsedRuleFile> parsed, Optional<RuleFile> model, QueryAnalyses queries,
            List<Finding> findings) {
        this(path, parsed, model, queries, findings, List.of());
    }

    /** This rule with its referenced exception lists resolved and the findings that resolving them made. */
    CheckedRule withExceptions(List<ExceptionList> lists, List<Finding> more) {
        List<Finding> all = new java.util.ArrayList<>(findings);
        all.addAll(more);
        return new CheckedRule(path, parsed, model, queries, all, lists);
    }

    /** A file that could not be read or parsed: only its finding. */
    static CheckedRule unreadable(Path path, Finding finding) {
        return new CheckedRule(path, Optional.empty(), Optional.empty(), QueryAnalyses.NONE, List.of(finding));
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }

    /** The rule_id as written, even when the rest of the file does not fit the schema. */
    public Optional<String> ruleId() {
        return underCheck().map(RuleUnderCheck::ruleId);
    }

    /** The typed rule, for a file without errors; the commands act only on such rules. */
    public RuleFile ruleFile() {
        if (hasErrors() || model.isEmpty()) {
            throw new IllegalStateException(path + " has validation errors; only rules that validate are used");
        }
        return model.get();
    }

    /** The view the identity checks and lints work on, for a file that parsed. */
    Optional<RuleUnderCheck> underCheck() {
        return parsed.map(p -> new RuleUnderCheck(p, model, queries));
    }
}
