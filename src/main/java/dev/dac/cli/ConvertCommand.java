package dev.dac.cli;

import dev.dac.deploy.RuleConverter;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code dac convert}: rule files as the ndjson Kibana's rule import takes. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = "Print rule files as Kibana Detection Engine API rules, one JSON object per line (ndjson),"
                + " ready for Kibana's rule import.",
        footer = {
            "",
            "Examples:",
            "  dac convert rules/ > rules.ndjson",
            "  dac convert rules/aws/my_rule.toml | jq .",
            "  dac convert --enabled false rules/ > disabled.ndjson",
            "",
            "Rules are validated first (as dac validate does; findings on stderr). Warnings are printed;"
                    + " an error stops the conversion: nothing is printed.",
            "",
            "Exit codes: 0 every rule converted, 1 a rule has errors or no rule file was found (nothing printed),"
                    + " 2 usage error (unknown option, missing path)."
        })
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @CommandLine.Mixin
    BuildOptions build;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!ValidatedRules.allExist("convert", paths, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        RuleSet rules = new RuleValidator().validate(paths);
        if (!ValidatedRules.usable("convert", rules, "nothing was printed", err)) {
            return 1;
        }
        RuleConverter converter;
        try {
            converter = build.converter();
        } catch (dev.dac.deploy.DeployException e) {
            spec.commandLine().getErr().println("dac convert: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        JsonMapper json = JsonMapper.builder().build();
        long bumped = 0;
        for (var rule : rules.models()) {
            RuleConverter.Built built = converter.build(rule);
            spec.commandLine().getOut().println(json.writeValueAsString(built.body()));
            bumped += built.version().source() == dev.dac.deploy.VersionLock.Source.BUMPED ? 1 : 0;
        }
        if (bumped > 0) {
            spec.commandLine().getErr().println("dac convert: " + bumped + " rules changed since the version lock"
                    + " locked them; their versions are raised by one until dac lock records them");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
