package dev.dac.cli;

import dev.dac.report.ReportFormat;
import dev.dac.validate.RuleValidator;
import dev.dac.validate.ValidationReport;
import java.nio.file.Path;
import java.util.List;
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
            "",
            "Exit codes: 0 no errors (warnings allowed), 1 at least one error (a folder without rule files is"
                    + " one), 2 usage error (unknown option, missing path)."
        })
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders to check (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final int PROGRESS_EVERY = 500;

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (!ValidatedRules.allExist("validate", paths, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        // long runs say how far they are, on stderr so the report on stdout stays clean
        ValidationReport report = new RuleValidator().validate(paths, (done, total) -> {
            if (total >= PROGRESS_EVERY && (done % PROGRESS_EVERY == 0 || done == total)) {
                err.println("dac validate: " + done + " of " + total + " files checked");
                err.flush();
            }
        }).report();
        format.reporter().writeValidation(report, spec.commandLine().getOut());
        return report.hasErrors() ? 1 : 0;
    }
}
