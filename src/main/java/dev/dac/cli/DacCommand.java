package dev.dac.cli;

import dev.dac.report.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code dac} command; the work is done by its subcommands. */
@Command(
        name = "dac",
        mixinStandardHelpOptions = true,
        versionProvider = DacCommand.VersionProvider.class,
        description = "Elastic Security detection rules as code: validate rule files, test them on a real"
                + " Elasticsearch the way Kibana's detection engine runs them, and deploy them to Kibana.",
        subcommands = {InitCommand.class, ValidateCommand.class, TestCommand.class, ConvertCommand.class, LockCommand.class,
            PlanCommand.Plan.class,
            PlanCommand.Deploy.class, ExportCommand.class, KqlCommand.class, EsCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "",
            "Examples:",
            "  dac init my-rules                      start a new rules repository",
            "  dac validate rules/                    check every rule file under rules/",
            "  dac validate --format sarif rules/ > dac.sarif",
            "  dac test                               run the fixture cases on Elasticsearch",
            "  dac kql 'source.ip: *'                 the Query DSL Kibana would run",
            "  dac lock                               record rule versions in version.lock.json",
            "  dac plan rules/                        what dac deploy would change in Kibana",
            "  dac es start                           keep a local Elasticsearch running",
            "",
            "Exit codes: 0 success, 1 problems found, 2 usage error, 3 internal error, 4 Elasticsearch unavailable."
        })
public final class DacCommand implements Runnable {

    /** Exit code for a failure inside dac itself, as opposed to a problem in the user's rules. */
    static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DacCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(DacCommand::internalError);
        return cli;
    }

    /** Anything thrown out of a command is a dac bug; say so briefly, with the trace only on request. */
    private static int internalError(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        err.println("dac: internal error: " + e + (System.getenv("DAC_DEBUG") == null
                ? " (set DAC_DEBUG=1 for details, and please report it)" : ""));
        if (System.getenv("DAC_DEBUG") != null) {
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
