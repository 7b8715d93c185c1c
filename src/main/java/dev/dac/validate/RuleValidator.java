package dev.dac.validate;

import dev.dac.fields.FieldCatalog;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one way rule files are loaded: find the files, parse the TOML, check the schema, read the typed model, analyse
 * the query, run the lints, then check identities across all files (in {@link RuleSet}). Every problem becomes a
 * finding; nothing a file contains stops the others. Each stage runs once per file, and what it produced is kept
 * with the rule for whoever acts on it.
 */
public final class RuleValidator {

    private final RuleFileFinder finder = new RuleFileFinder();
    private final RuleFileParser parser = new RuleFileParser();
    private final RuleModelReader modelReader = new RuleModelReader();
    private final SchemaCheck schema = new SchemaCheck();
    private final List<RuleLint> lints;
    private final Optional<EsqlVerification> esql;

    public RuleValidator() {
        this(Clock.systemUTC());
    }

    /** {@code clock} is the now of date math in the rules (from, history_window_start). */
    public RuleValidator(Clock clock) {
        this(clock, FieldCatalog.builtIn(), Optional.empty());
    }

    /**
     * {@code catalog} answers the fields of the rules' indices; a repository's own index templates go into it
     * (strongest first) when the caller builds it.
     */
    public RuleValidator(Clock clock, FieldCatalog catalog) {
        this(clock, catalog, Optional.empty());
    }

    /**
     * A validator that also verifies ES|QL queries on Elasticsearch as {@code esql} says, once per rule set after
     * the per-file checks ({@code dac validate}).
     */
    public RuleValidator(Clock clock, FieldCatalog catalog, Optional<EsqlVerification> esql) {
        this.esql = esql;
        this.lints = List.of(
                new SeverityRiskScoreLint(),
                new DateOrderLint(),
                new AttackMappingLint(AttackCatalog.load()),
                new HistoryWindowLint(clock),
                new EsqlMetadataLint(),
                new InvestigationFieldsLint(),
                new NoteColumnsLint(),
                new KqlQueryLint(catalog),
                new EqlQueryLint(catalog));
    }

    /** Reports progress as (files checked, files in all) after each file, for long runs. */
    public interface Progress {
        void checked(int done, int total);
    }

    public RuleSet validate(List<Path> roots) {
        return validate(roots, (done, total) -> { });
    }

    /**
     * The rule files under {@code roots} (files as named, folders searched for {@code *.toml}), checked. A root that
     * holds no rule file is an error: a mistyped folder must not pass as an empty, valid one.
     */
    public RuleSet validate(List<Path> roots, Progress progress) {
        List<Finding> pathFindings = new ArrayList<>();
        Set<Path> files = new TreeSet<>();
        for (Path root : roots) {
            RuleFileFinder.Found found = finder.find(List.of(root));
            found.problems().forEach(problem -> pathFindings.add(toFinding(problem)));
            if (found.files().isEmpty() && found.problems().isEmpty()) {
                pathFindings.add(new Finding(root, null, null, Check.NO_RULE_FILES, "no rule files found under "
                        + root + "; name rule files (*.toml) or folders that hold them"));
            }
            files.addAll(found.files());
        }
        List<CheckedRule> rules = new ArrayList<>();
        Optional<EsqlVerificationStage> esqlStage = esql.map(EsqlVerificationStage::new);
        int done = 0;
        for (Path file : files) {
            try {
                CheckedRule rule = check(parser.parse(file));
                esqlStage.ifPresent(stage -> stage.ruleChecked(rule));
                rules.add(rule);
            } catch (RuleLoadException e) {
                rules.add(CheckedRule.unreadable(file, toFinding(e.problem())));
            }
            progress.checked(++done, files.size());
        }
        if (esqlStage.isPresent()) {
            rules = esqlStage.get().apply(rules);
        }
        return new RuleSet(rules, pathFindings);
    }

    /** A rule file's text that is not (or not yet) on disk at {@code path}, such as an edited copy, checked. */
    public RuleSet validateText(Path path, String text) {
        try {
            return new RuleSet(List.of(check(parser.parse(path, text))), List.of());
        } catch (RuleLoadException e) {
            return new RuleSet(List.of(CheckedRule.unreadable(path, toFinding(e.problem()))), List.of());
        }
    }

    /** Schema, model, query analyses and lints for one parsed file. */
    CheckedRule check(ParsedRuleFile parsed) {
        List<Finding> findings = new ArrayList<>();
        RuleUnderCheck bare = new RuleUnderCheck(parsed, Optional.empty(), QueryAnalyses.NONE);
        findings.addAll(schema.check(bare));
        if (!findings.isEmpty()) {
            // lints read the typed model; a document the schema refused cannot be trusted to build one
            return new CheckedRule(parsed.path(), Optional.of(parsed), Optional.empty(), QueryAnalyses.NONE, findings);
        }
        RuleFile model;
        try {
            model = modelReader.read(parsed);
        } catch (RuleModelReader.UnreadableRuleException e) {
            findings.add(bare.findingAt(Check.UNREADABLE_RULE, e.pointer(), "cannot read '"
                    + SchemaCheck.dotted(e.pointer()) + "' as a rule field: " + e.getMessage()));
            return new CheckedRule(parsed.path(), Optional.of(parsed), Optional.empty(), QueryAnalyses.NONE, findings);
        }
        QueryAnalyses queries = QueryAnalyses.of(model.rule().typeFields());
        RuleUnderCheck rule = new RuleUnderCheck(parsed, Optional.of(model), queries);
        for (RuleLint lint : lints) {
            lint.check(rule, model, findings);
        }
        return new CheckedRule(parsed.path(), Optional.of(parsed), Optional.of(model), queries, findings);
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
