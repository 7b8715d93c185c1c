package dev.dac.validate;

import dev.dac.rule.RuleFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of one run, each file through every check once (see {@link RuleValidator}): one {@link CheckedRule} per
 * file found, the problems of paths that held no rule file, and the clashes between files. This is the only way dac
 * loads rules: every command and the test harness take their rules from a rule set, and act only on one without
 * errors.
 */
public final class RuleSet {

    private static final DuplicateIdentityCheck IDENTITIES = new DuplicateIdentityCheck();

    private final List<CheckedRule> rules;
    private final List<Finding> pathFindings;
    private final ExceptionLists exceptionLists;
    private final ValidationReport report;

    RuleSet(List<CheckedRule> rules, List<Finding> pathFindings) {
        this(rules, pathFindings, ExceptionLists.NONE);
    }

    RuleSet(List<CheckedRule> rules, List<Finding> pathFindings, ExceptionLists exceptionLists) {
        this.rules = rules.stream().sorted(Comparator.comparing(r -> r.path().toString())).toList();
        // a set merged from two validations of one repository holds the findings of its exception files once
        this.pathFindings = List.copyOf(new java.util.LinkedHashSet<>(pathFindings));
        this.exceptionLists = exceptionLists;
        List<Finding> findings = new ArrayList<>(this.pathFindings);
        this.rules.forEach(rule -> findings.addAll(rule.findings()));
        findings.addAll(IDENTITIES.check(this.rules.stream().flatMap(r -> r.underCheck().stream()).toList()));
        findings.sort(Comparator.comparing((Finding f) -> f.file().toString())
                .thenComparing(f -> f.line() == null ? 0 : f.line())
                .thenComparing(f -> f.check().code()));
        this.report = new ValidationReport(this.rules.stream().map(CheckedRule::path).toList(), findings);
    }

    /** Every rule file found, in path order, with or without errors. */
    public List<CheckedRule> rules() {
        return rules;
    }

    /** Every finding of every file and path, and the clashes between files, in file and line order. */
    public ValidationReport report() {
        return report;
    }

    public boolean hasErrors() {
        return report.hasErrors();
    }

    /** The files that have at least one error (a path that holds no rule file counts as one). */
    public long filesWithErrors() {
        return report.errors().stream().map(Finding::file).distinct().count();
    }

    /** The typed rules, for acting on them; refused while any rule has an error, so nothing acts on half a set. */
    public List<RuleFile> models() {
        requireNoErrors();
        return rules.stream().map(CheckedRule::ruleFile).toList();
    }

    /**
     * The exception lists the rules reference, each once, for deploying them with the rules: a list no rule of the
     * set references does nothing in Kibana, and is left out.
     */
    public List<dev.dac.rule.ExceptionList> exceptionLists() {
        requireNoErrors();
        return rules.stream().flatMap(r -> r.exceptionLists().stream()).distinct().toList();
    }

    /** The rule_ids the files give, as written (files without one are left out). */
    public Set<String> ruleIds() {
        return rules.stream().flatMap(r -> r.ruleId().stream()).collect(Collectors.toCollection(
                java.util.LinkedHashSet::new));
    }

    /**
     * This set with each rule of {@code named} in place of the rule of the same rule_id (or the same file): the rules a
     * user names on the command line stand in for the ones of the rules folder, without a false duplicate rule_id.
     * Clashes are checked again over the result.
     */
    public RuleSet replacedBy(RuleSet named) {
        Set<String> namedIds = named.ruleIds();
        Set<Path> namedFiles = named.rules.stream().map(r -> r.path().toAbsolutePath().normalize())
                .collect(Collectors.toSet());
        List<CheckedRule> merged = new ArrayList<>(named.rules);
        for (CheckedRule rule : rules) {
            Optional<String> id = rule.ruleId();
            boolean replaced = namedFiles.contains(rule.path().toAbsolutePath().normalize())
                    || id.isPresent() && namedIds.contains(id.get());
            if (!replaced) {
                merged.add(rule);
            }
        }
        List<Finding> paths = new ArrayList<>(pathFindings);
        paths.addAll(named.pathFindings);
        return new RuleSet(merged, paths, exceptionLists.folder().isPresent() ? exceptionLists : named.exceptionLists);
    }

    private void requireNoErrors() {
        if (hasErrors()) {
            throw new IllegalStateException(filesWithErrors() + " rule files have errors; only a rule set that"
                    + " validates is used (see report())");
        }
    }
}
