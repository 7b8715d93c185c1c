package dev.dac.cli;

import dev.dac.report.Version;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code dac} command; the work is done by its subcommands. */
@Command(
        name = "dac",
        mixinStandardHelpOptions = true,
        versionProvider = DacCommand.VersionProvider.class,
        description = "Elastic Security detection rules as code: validate rule files, test them on a real"
                + " Elasticsearch the way Kibana's detection engine runs them, and deploy them to Kibana.",
        subcommands = {InitCommand.class, ValidateCommand.class, TestCommand.class, ConvertCommand.class,
            LockCommand.class, PlanCommand.Plan.class, PlanCommand.Deploy.class, ExportCommand.class, KqlCommand.class,
            EsCommand.class, FieldsCommand.class, CoverageCommand.class, BacktestCommand.class, DataCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "",
            "Examples:",
            "  dac init my-rules                      start a new rules repository",
            "  dac validate rules/                    check every rule file under rules/",
            "  dac validate --format sarif rules/ > dac.sarif",
            "  dac test                               run the fixture cases on Elasticsearch",
            "  dac kql 'source.ip: *'                 the Query DSL Kibana would run",
            "  dac lock                               record versions in version.lock.json",
            "  dac plan rules/                        what dac deploy would change in Kibana",
            "  dac es start                           keep a local Elasticsearch running",
            "  dac coverage                           ATT&CK coverage: Navigator layer, HTML",
            "  dac backtest RULE --from now-7d        how noisy a rule would have been on last week's data",
            "",
            "Exit codes: 0 success, 1 problems found, 2 usage error, 3 internal error, 4 Elasticsearch unavailable."
        })
public final class DacCommand implements Runnable {

    /** Exit code for a failure inside dac itself, as opposed to a problem in the user's rules. */
    static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment dac runs in (settings such as ES_URL, DAC_ENGINE, KIBANA_URL), read once by {@link Main}. */
    private final Map<String, String> environment;

    private DacCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** dac's command line, its commands seeing {@code environment} as their environment. */
    static CommandLine commandLine(Map<String, String> environment) {
        DacCommand dac = new DacCommand(environment);
        CommandLine cli = new CommandLine(dac);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, command, parseResult) -> internalError(e, command,
                dac.environment.get("DAC_DEBUG") != null));
        return cli;
    }

    /** The environment of the dac command line {@code spec} belongs to. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((DacCommand) spec.root().userObject()).environment;
    }

    /** Anything thrown out of a command is a dac bug; say so in one line, with the trace only on request. */
    private static int internalError(Exception e, CommandLine cli, boolean debug) {
        PrintWriter err = cli.getErr();
        err.println(Main.oneLine(e, debug));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dac " + Version.current()};
        }
    }
}
