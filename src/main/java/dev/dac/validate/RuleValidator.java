package dev.dac.validate;

import dev.dac.fields.IndexFieldMaps;
import dev.dac.load.LoadProblem;
import dev.dac.load.ParsedRuleFile;
import dev.dac.load.RuleFileFinder;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleLoadException;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.RuleFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Validates rule files: finds them, parses the TOML, checks the schema, reads the model and runs the lints, then
 * checks identities across all files. Every problem becomes a finding; nothing a file contains stops the others.
 */
public final class RuleValidator {

    private final RuleFileFinder finder = new RuleFileFinder();
    private final RuleFileParser parser = new RuleFileParser();
    private final RuleModelReader modelReader = new RuleModelReader();
    private final SchemaCheck schema = new SchemaCheck();
    private final List<RuleLint> lints;
    private final DuplicateIdentityCheck duplicates = new DuplicateIdentityCheck();

    public RuleValidator() {
        this(Clock.systemUTC());
    }

    /** {@code clock} is the now of date math in the rules (from, history_window_start). */
    public RuleValidator(Clock clock) {
        this.lints = List.of(
                new SeverityRiskScoreLint(),
                new DateOrderLint(),
                new AttackMappingLint(AttackCatalog.load()),
                new HistoryWindowLint(clock),
                new EsqlMetadataLint(),
                new InvestigationFieldsLint(),
                new NoteColumnsLint(),
                new KqlQueryLint(IndexFieldMaps.load()));
    }

    public ValidationReport validate(List<Path> roots) {
        return validate(roots, (done, total) -> { });
    }

    /** Reports progress as (files checked, files in all) after each file, for long runs. */
    public interface Progress {
        void checked(int done, int total);
    }

    public ValidationReport validate(List<Path> roots, Progress progress) {
        RuleFileFinder.Found found = finder.find(roots);
        List<Finding> findings = new ArrayList<>();
        found.problems().forEach(problem -> findings.add(toFinding(problem)));
        List<RuleUnderCheck> checked = new ArrayList<>();
        int done = 0;
        for (Path file : found.files()) {
            try {
                ParsedRuleFile parsed = parser.parse(file);
                RuleUnderCheck rule = checkParsed(parsed, findings);
                checked.add(rule);
            } catch (RuleLoadException e) {
                findings.add(toFinding(e.problem()));
            }
            progress.checked(++done, found.files().size());
        }
        findings.addAll(duplicates.check(checked));
        findings.sort(Comparator.comparing((Finding f) -> f.file().toString())
                .thenComparing(f -> f.line() == null ? 0 : f.line())
                .thenComparing(f -> f.check().code()));
        return new ValidationReport(found.files(), findings);
    }

    /** Schema, model and lints for one parsed file; findings are added to {@code findings}. */
    RuleUnderCheck checkParsed(ParsedRuleFile parsed, List<Finding> findings) {
        RuleUnderCheck bare = new RuleUnderCheck(parsed, Optional.empty());
        List<Finding> schemaFindings = schema.check(bare);
        findings.addAll(schemaFindings);
        if (!schemaFindings.isEmpty()) {
            // lints read the typed model; a document the schema refused cannot be trusted to build one
            return bare;
        }
        RuleFile model;
        try {
            model = modelReader.read(parsed);
        } catch (RuleModelReader.UnreadableRuleException e) {
            findings.add(bare.findingAt(Check.UNREADABLE_RULE, e.pointer(), "cannot read '"
                    + SchemaCheck.dotted(e.pointer()) + "' as a rule field: " + e.getMessage()));
            return bare;
        }
        RuleUnderCheck rule = new RuleUnderCheck(parsed, Optional.of(model));
        for (RuleLint lint : lints) {
            lint.check(rule, model, findings);
        }
        return rule;
    }

    private static Finding toFinding(LoadProblem problem) {
        Check check = switch (problem.kind()) {
            case UNREADABLE -> Check.UNREADABLE_PATH;
            case NOT_TEXT -> Check.NOT_TEXT;
            case MALFORMED_TOML -> Check.MALFORMED_TOML;
        };
        String where = problem.column() > 0 ? " (column " + problem.column() + ")" : "";
        String message = problem.kind() == LoadProblem.Kind.UNREADABLE ? "path " + problem.message() : problem.message();
        return new Finding(problem.path(), problem.line() > 0 ? problem.line() : null, null, check, message + where);
    }
}
