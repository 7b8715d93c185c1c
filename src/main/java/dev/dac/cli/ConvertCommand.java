package dev.dac.cli;

import dev.dac.deploy.RuleConverter;
import dev.dac.load.RuleFiles;
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
            "Exit codes: 0 every file converted, 1 some file could not be read (the others are still printed),"
                    + " 2 usage error."
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
        RuleFiles.Loaded loaded = RuleFiles.load(paths);
        if (loaded.rules().isEmpty() && !loaded.problems().isEmpty() && loaded.missingPaths()) {
            loaded.problems().forEach(p -> spec.commandLine().getErr().println("dac convert: " + p));
            spec.commandLine().getErr().flush();
            return CommandLine.ExitCode.USAGE;
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
        for (var rule : loaded.rules()) {
            RuleConverter.Built built = converter.build(rule);
            spec.commandLine().getOut().println(json.writeValueAsString(built.body()));
            bumped += built.version().source() == dev.dac.deploy.VersionLock.Source.BUMPED ? 1 : 0;
        }
        if (bumped > 0) {
            spec.commandLine().getErr().println("dac convert: " + bumped + " rules changed since the version lock"
                    + " locked them; their versions are raised by one until dac lock records them");
        }
        spec.commandLine().getOut().flush();
        loaded.problems().forEach(p -> spec.commandLine().getErr().println("dac convert: " + p));
        spec.commandLine().getErr().flush();
        return loaded.problems().isEmpty() ? 0 : 1;
    }
}
