package dev.dac.cli;

import dev.dac.coverage.AttackCoverage;
import dev.dac.coverage.CoverageHtml;
import dev.dac.coverage.NavigatorLayer;
import dev.dac.validate.AttackCatalog;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dac coverage}: the ATT&CK techniques the rules cover, as a Navigator layer and an HTML heat map. */
@Command(
        name = "coverage",
        mixinStandardHelpOptions = true,
        description = "Write the MITRE ATT&CK coverage of the rules: an ATT&CK Navigator layer (JSON) and an HTML"
                + " heat map of rules per tactic and technique that opens in any browser, offline.",
        footer = {
            "",
            "Examples:",
            "  dac coverage                      rules/ into coverage/",
            "  dac coverage rules/aws --out aws-coverage",
            "",
            "It writes OUT/attack-layer.json (open it in the ATT&CK Navigator: Open Existing Layer) and",
            "OUT/attack-coverage.html. Rules are validated first; an error stops it before anything is written.",
            "",
            "Exit codes: 0 written, 1 a rule has errors or the files could not be written, 2 usage error."
        })
public final class CoverageCommand implements Callable<Integer> {

    static final String LAYER = "attack-layer.json";
    static final String PAGE = "attack-coverage.html";

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "coverage",
            description = "Folder to write the two files to; files of the same names are replaced"
                    + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "Detection rules",
            description = "The layer's and the page's title (default: ${DEFAULT-VALUE}).")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Writes both files at once or neither. */
    FolderWriter writer = new FolderWriter();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ValidatedRules.allExist("coverage", paths, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        RuleSet rules = new RuleValidator().validate(paths);
        if (!ValidatedRules.usable("coverage", rules, "nothing was written", err)) {
            return 1;
        }
        AttackCoverage coverage = AttackCoverage.of(rules.models(), AttackCatalog.load());
        Map<String, String> files = new LinkedHashMap<>();
        files.put(LAYER, NavigatorLayer.of(coverage, name));
        files.put(PAGE, CoverageHtml.of(coverage, name + ": ATT&CK coverage"));
        try {
            writer.write(this.out, files, true);
        } catch (WriteFailure e) {
            err.println("dac coverage: " + e.getMessage());
            err.flush();
            return 1;
        }
        long techniques = coverage.columns().stream().mapToLong(AttackCoverage.Column::coveredCells).sum();
        long tactics = coverage.columns().stream().filter(c -> c.coveredCells() > 0).count();
        out.println("coverage: " + coverage.ruleCount() + " rule" + (coverage.ruleCount() == 1 ? "" : "s") + " cover "
                + techniques + " technique" + (techniques == 1 ? "" : "s") + " under " + tactics + " tactic"
                + (tactics == 1 ? "" : "s") + " (ATT&CK " + coverage.attackVersion() + ")");
        out.println("wrote " + this.out.resolve(LAYER) + " and " + this.out.resolve(PAGE));
        out.flush();
        return 0;
    }
}
