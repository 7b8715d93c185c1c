package dev.dac.cli;

import dev.dac.cluster.ClusterException;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.data.EventLoader;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.rule.DateMath;
import dev.dac.rule.DateMathException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dac data load}: events from ndjson files into an index mapped as dac's field catalog knows it. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Load event data into Elasticsearch for dac backtest.",
        subcommands = {DataCommand.Load.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Load ndjson events (one JSON object a line, or Elasticsearch bulk format) into an index"
                    + " created with the field catalog's mapping for its name, on the cluster at ES_URL or the local"
                    + " node of `dac es start`. Bad lines are reported with their line numbers; nothing is loaded"
                    + " while there are any, unless --skip-bad is given.",
            footer = {
                "",
                "Examples:",
                "  dac es start",
                "  dac data load cloudtrail.ndjson --index logs-aws.cloudtrail-default --shift-to now",
                "  dac backtest rules/integrations/aws --from now-7d --to now",
                "",
                "Exit codes: 0 loaded, 1 bad lines or rejected events, 2 usage error, 4 no cluster reachable."
            })
    static final class Load implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "ndjson files of events.")
        List<Path> files;

        @Option(names = "--index", paramLabel = "NAME", required = true,
                description = "The index to load into; dac creates it (mapped from its field catalog), or adds to"
                        + " one an earlier dac data load created. Bulk actions' own _index is not used.")
        String index;

        @Option(names = "--shift-to", paramLabel = "TIME",
                description = "Move every event's times (@timestamp, event.ingested, event.created, event.start,"
                        + " event.end) so the latest @timestamp lands at TIME: now, date math such as now-1h, or an"
                        + " ISO instant.")
        String shiftTo;

        @Option(names = "--skip-bad", description = "Load the good lines and skip bad ones (still reported).")
        boolean skipBad;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    return fail(err, file + ": no such file; name ndjson files of events", CommandLine.ExitCode.USAGE);
                }
            }
            if (index.isBlank() || !index.equals(index.toLowerCase(java.util.Locale.ROOT)) || index.startsWith(".")
                    || index.contains(",") || index.contains("*")) {
                return fail(err, "--index '" + index + "' is not an index dac loads into; name one lowercase index"
                        + " without wildcards, commas or a leading dot", CommandLine.ExitCode.USAGE);
            }
            Optional<Instant> target;
            try {
                target = shiftTo == null ? Optional.empty()
                        : Optional.of(DateMath.parse(shiftTo).resolve(Clock.systemUTC()));
            } catch (DateMathException e) {
                return fail(err, "--shift-to '" + shiftTo + "': " + e.getMessage(), CommandLine.ExitCode.USAGE);
            }
            try (RunningElasticsearch es = DataCluster.connect(DacCommand.environment(spec), "data load")) {
                EventLoader loader = new EventLoader(new ElasticsearchJson(es.client()), FieldCatalog.builtIn());
                EventLoader.Result result = loader.load(files, new EventLoader.Options(index, target, skipBad),
                        progress -> {
                            err.println("dac data load: " + progress);
                            err.flush();
                        });
                result.problems().forEach(p -> err.println((skipBad ? "skipped " : "") + p));
                result.notes().forEach(n -> err.println("note: " + n));
                out.printf("%d events loaded into %s at %s%s%s%n", result.loaded(), index, es.url(),
                        result.shift().map(s -> " (times moved by " + s + ")").orElse(""),
                        result.bad() == 0 ? "" : "; " + result.bad() + " bad line(s) " + (skipBad ? "skipped"
                                : "rejected"));
                out.flush();
                err.flush();
                return result.bad() > 0 && !skipBad ? 1 : 0;
            } catch (EventLoader.Refused e) {
                e.problems().forEach(err::println);
                return fail(err, e.getMessage(), 1);
            } catch (ClusterException e) {
                return fail(err, e.getMessage(), TestCommand.ENGINE_FAILED);
            } catch (IOException e) {
                return fail(err, "loading failed: " + e.getMessage(), 1);
            }
        }

        private static int fail(PrintWriter err, String message, int exit) {
            err.println("dac data load: " + message);
            err.flush();
            return exit;
        }
    }
}
