package dev.dac.cli;

import dev.dac.cluster.DetachedNode;
import dev.dac.cluster.ClusterException;
import dev.dac.cluster.LocalNodeSettings;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dac es start|stop|status}: a local Elasticsearch node kept running between runs. */
@Command(
        name = "es",
        mixinStandardHelpOptions = true,
        description = "Keep a local Elasticsearch node (built from Maven Central artifacts) running between runs;"
                + " later runs with --engine auto use it.",
        subcommands = {EsCommand.Start.class, EsCommand.Stop.class, EsCommand.Status.class},
        footer = {
            "",
            "Examples:",
            "  dac es start     start a node in the background and print its URL",
            "  dac es status    is it running, and where",
            "  dac es stop      stop it and remove its data",
            "",
            "Environment: " + HelpText.LOCAL_NODE_ENVIRONMENT + "."
        })
public final class EsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static LocalNodeSettings settings(CommandLine.Model.CommandSpec spec) throws ClusterException {
        return LocalNodeSettings.fromEnvironment(DacCommand.environment(spec));
    }

    static int fail(CommandLine.Model.CommandSpec spec, ClusterException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("dac es: " + e.getMessage());
        err.flush();
        return 1;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a local node in the background (about 10-15 s; the first start also assembles it).")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                LocalNodeSettings settings = settings(spec);
                spec.commandLine().getErr().println("starting local Elasticsearch " + settings.version() + "...");
                spec.commandLine().getErr().flush();
                long started = System.nanoTime();
                DetachedNode.State state = DetachedNode.start(settings);
                out.printf("local Elasticsearch %s is running at %s (pid %d, ready in %.1f s)%n", settings.version(),
                        state.url(), state.pid(), (System.nanoTime() - started) / 1e9);
                out.println("dac uses it automatically; other tools can reach it with ES_URL=" + state.url());
                out.flush();
                return 0;
            } catch (ClusterException e) {
                return fail(spec, e);
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local node and remove its data.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                boolean stopped = DetachedNode.stop(settings(spec));
                spec.commandLine().getOut().println(stopped ? "stopped the local Elasticsearch node"
                        : "no local Elasticsearch node was running");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ClusterException e) {
                return fail(spec, e);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Tell whether the local node runs; exit 0 if it does, 1 if not.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Optional<DetachedNode.State> state = DetachedNode.running(settings(spec));
                PrintWriter out = spec.commandLine().getOut();
                if (state.isPresent()) {
                    out.printf("running at %s (pid %d, data in %s)%n", state.get().url(), state.get().pid(),
                            state.get().runDir());
                } else {
                    out.println("not running; start one with 'dac es start'");
                }
                out.flush();
                return state.isPresent() ? 0 : 1;
            } catch (ClusterException e) {
                return fail(spec, e);
            }
        }
    }
}
