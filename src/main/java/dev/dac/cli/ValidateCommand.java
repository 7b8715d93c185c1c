package dev.dac.cli;

import dev.dac.cluster.ClusterException;
import dev.dac.cluster.ClusterKind;
import dev.dac.cluster.ClusterSelection;
import dev.dac.cluster.ElasticsearchProvider;
import dev.dac.cluster.ExistingClusterProvider;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.IndexTemplates;
import dev.dac.fields.PatternMappings;
import dev.dac.report.ReportFormat;
import dev.dac.validate.EsqlVerification;
import dev.dac.validate.RuleValidator;
import dev.dac.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dac validate}: schema and lint checks over rule files, all problems of all files at once. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check rule files (TOML, elastic/detection-rules format) against dac's JSON Schemas and lints.",
        footer = {
            "",
            "Examples:",
            "  dac validate                            check rules/ (the default)",
            "  dac validate rules/aws/ my_rule.toml    check a folder and a file",
            "  dac validate --format json rules/       machine-readable findings",
            "  dac validate --format junit rules/ > validate.xml",
            "  dac validate --no-engine rules/         ES|QL queries not run on Elasticsearch",
            "  ES_URL=https://scratch:9200 dac validate --engine url",
            "                                          ES|QL checked on that cluster (read only)",
            "",
            "ES|QL queries are run with LIMIT 0 on a real Elasticsearch (ES_URL, a node kept by 'dac es start', else"
                    + " a local node started for the run); stand-in indices are mapped from dac's field catalog and"
                    + " the templates in index-templates/ (see 'dac fields pull').",
            "",
            "Exit codes: 0 no errors (warnings allowed), 1 at least one error (a folder without rule files is"
                    + " one), 2 usage error (unknown option, missing path).",
            "",
            HelpText.ELASTICSEARCH_ENVIRONMENT
        })
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders to check (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, sarif or junit (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Where ES|QL queries are verified: auto, local, docker or url (default: DAC_ENGINE, else"
                    + " auto: ES_URL, else a node kept by 'dac es start', else a local node started for the run).")
    ClusterKind engine;

    @Option(names = "--no-engine",
            description = "Do not verify ES|QL queries on Elasticsearch (a warning says they were not verified).")
    boolean noEngine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final int PROGRESS_EVERY = 500;

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (!ValidatedRules.allExist("validate", paths, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        Optional<EsqlVerification> esql;
        FieldCatalog catalog;
        try {
            catalog = FieldCatalog.forRepository(Path.of(""));
            esql = Optional.of(esqlVerification(err, catalog));
        } catch (ClusterKind.UnknownEngine e) {
            err.println("dac validate: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        } catch (IndexTemplates.UnusableTemplate e) {
            err.println("dac validate: " + e.getMessage());
            err.flush();
            return 1;
        }
        // long runs say how far they are, on stderr so the report on stdout stays clean
        ValidationReport report = new RuleValidator(Clock.systemUTC(), catalog, esql).validate(paths, (done, total) -> {
            if (total >= PROGRESS_EVERY && (done % PROGRESS_EVERY == 0 || done == total)) {
                err.println("dac validate: " + done + " of " + total + " files checked");
                err.flush();
            }
        }).report();
        format.reporter().writeValidation(report, spec.commandLine().getOut());
        return report.hasErrors() ? 1 : 0;
    }

    /**
     * Where ES|QL queries are verified. dac creates its stand-in indices only on a node it owns (a local node, a
     * container, a node kept by 'dac es start'); on a cluster at ES_URL it creates nothing.
     */
    private EsqlVerification esqlVerification(java.io.PrintWriter err, FieldCatalog catalog)
            throws ClusterKind.UnknownEngine {
        if (noEngine) {
            return EsqlVerification.none("--no-engine was given");
        }
        Map<String, String> env = DacCommand.environment(spec);
        ClusterKind kind = engine != null ? engine : ClusterKind.fromEnvironment(env);
        boolean url = kind == ClusterKind.URL || kind == ClusterKind.AUTO && env.get("ES_URL") != null
                && !env.get("ES_URL").isBlank();
        PatternMappings mappings = new PatternMappings(catalog);
        ElasticsearchProvider provider;
        try {
            provider = ClusterSelection.choose(kind, env);
        } catch (ClusterException e) {
            return EsqlVerification.none(e.getMessage());
        }
        String description = url || provider instanceof ExistingClusterProvider ? provider.describe()
                : "a " + provider.describe() + " started for this run ('dac es start' keeps one running)";
        return EsqlVerification.on(provider, !url, description, mappings, notice -> {
            err.println("dac validate: " + notice);
            err.flush();
        });
    }
}
