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
            "",
            "Exit codes: 0 every file converted, 1 some file could not be read (the others are still printed),"
                    + " 2 usage error."
        })
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

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
        RuleConverter converter = new RuleConverter();
        JsonMapper json = JsonMapper.builder().build();
        loaded.rules().forEach(rule -> spec.commandLine().getOut().println(json.writeValueAsString(converter.toApi(rule))));
        spec.commandLine().getOut().flush();
        loaded.problems().forEach(p -> spec.commandLine().getErr().println("dac convert: " + p));
        spec.commandLine().getErr().flush();
        return loaded.problems().isEmpty() ? 0 : 1;
    }
}
