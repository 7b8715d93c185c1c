package dev.dac.cli;

import dev.dac.cluster.ClusterException;
import dev.dac.cluster.ExistingClusterProvider;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.IndexTemplates;
import dev.dac.fields.PulledTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code dac fields pull}: the field mappings of a real cluster, kept as an index template dac reads. */
@Command(
        name = "fields",
        mixinStandardHelpOptions = true,
        description = "Field knowledge from real clusters.",
        subcommands = {FieldsCommand.Pull.class})
public final class FieldsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Read the mappings of the indices PATTERN matches on the cluster at ES_URL (ES_API_KEY or"
                    + " ES_USERNAME/ES_PASSWORD, ES_CA_CERT, as --engine url) and write them as an index template"
                    + " that 'dac validate' reads: the exact fields of PATTERN.",
            footer = {
                "",
                "Examples:",
                "  dac fields pull --index 'logs-okta.system-*'     writes index-templates/logs-okta.system.json",
                "  dac fields pull --index my-app-* --out index-templates/my-app.json",
                "",
                "Keep the files in index-templates/ at the root of the rules repository (where dac runs) and commit"
                        + " them; they win over dac's own templates and ECS for the patterns they name.",
                "",
                "Exit codes: 0 written, 1 the cluster could not be reached or no index matched, 2 usage error."
            })
    static final class Pull implements Callable<Integer> {

        @Option(names = "--index", paramLabel = "PATTERN", required = true,
                description = "Index pattern, as rules name it (logs-aws.cloudtrail-*).")
        String pattern;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Where to write the template (default: index-templates/<pattern>.json).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path target = out != null ? out : Path.of(IndexTemplates.USER_FOLDER, fileName(pattern));
            PulledTemplate template;
            try (RunningElasticsearch es = ExistingClusterProvider.fromEnvironment(DacCommand.environment(spec))
                    .start()) {
                JsonNode answer = new ElasticsearchJson(es.client()).send("GET", "/"
                        + URLEncoder.encode(pattern, StandardCharsets.UTF_8).replace("%2A", "*")
                        + "/_mapping?allow_no_indices=true&ignore_unavailable=true", null);
                template = PulledTemplate.of(pattern, answer, es.url().toString());
            } catch (ClusterException e) {
                return fail(err, e.getMessage());
            } catch (IOException | RuntimeException e) {
                return fail(err, "could not read the mappings of " + pattern + ": " + e.getMessage());
            }
            if (template.indices().isEmpty()) {
                return fail(err, "no index matches " + pattern + " on that cluster; nothing was written");
            }
            try {
                Path parent = target.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                // written whole or not at all: a half-written template would mislead every later validation
                Path temporary = Files.createTempFile(parent, ".dac-fields-", ".json");
                Files.writeString(temporary, ElasticsearchJson.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(template.document()) + "\n");
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                return fail(err, "could not write " + target + ": " + e.getMessage());
            }
            template.conflicts().forEach(c -> err.println("dac fields pull: " + c + " is mapped differently in the"
                    + " indices; the first index's mapping was kept"));
            err.println("dac fields pull: wrote " + target + " (" + template.indices().size() + " index(es))");
            err.flush();
            return 0;
        }

        /** {@code logs-aws.cloudtrail-*} → {@code logs-aws.cloudtrail.json}. */
        static String fileName(String pattern) {
            String base = pattern.replaceAll("[-.]?\\*+$", "").replaceAll("[^A-Za-z0-9._-]+", "_");
            return (base.isEmpty() ? "all" : base) + ".json";
        }

        private static int fail(PrintWriter err, String message) {
            err.println("dac fields pull: " + message);
            err.flush();
            return 1;
        }
    }
}
