package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.Deployer;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.RuleExporter;
import dev.dac.secret.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code dac export}: Kibana's rules written as rule files, all of them or none, only inside the given folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the rules of a Kibana space as TOML rule files in the repository's format. Files are"
                + " written all at once or not at all; existing files are replaced only with --force, and files no"
                + " exported rule maps to are listed and left alone.",
        footer = {"", "Examples:", "  dac export --out rules/exported", "  dac export --out rules/exported --force", "",
            "Exit codes: 0 exported, 1 failed (nothing written), 2 usage.", "", HelpText.KIBANA_ENVIRONMENT})
public final class ExportCommand implements Callable<Integer> {

    /** How many file names a message lists before it says how many more there are. */
    private static final int LISTED = 10;

    @Mixin
    KibanaOptions kibana;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the files to.")
    Path out;

    @Option(names = "--force", description = "Replace files in --out that have the name of an exported rule.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (KibanaClient client = kibana.client(err)) {
            Map<String, String> files = files(Deployer.export(client), kibana.redactor(), err);
            List<String> existing = existing(out);
            List<String> taken = existing.stream().filter(files::containsKey).toList();
            if (!taken.isEmpty() && !force) {
                return fail(taken.size() + " file" + plural(taken.size()) + " in " + out + " would be replaced: "
                        + listed(taken) + ". Nothing was written. Give --force to replace them, or export to an"
                        + " empty folder.");
            }
            new FolderWriter().write(out, files, force);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("exported " + files.size() + " rule" + plural(files.size()) + " to " + out
                    + (taken.isEmpty() ? "" : " (" + taken.size() + " replaced)"));
            List<String> stale = existing.stream().filter(name -> !files.containsKey(name)).toList();
            if (!stale.isEmpty()) {
                stdout.println("note: " + stale.size() + " file" + plural(stale.size()) + " in " + out + " match"
                        + (stale.size() == 1 ? "es" : "") + " no exported rule and " + (stale.size() == 1 ? "was"
                        : "were") + " left alone: " + listed(stale));
            }
            stdout.flush();
            return 0;
        } catch (DeployException | WriteFailure e) {
            return fail(e.getMessage());
        }
    }

    /**
     * The file of each rule by its name, converted before anything is written so a bad rule stops the export. A
     * credential a rule holds (in a note, say) is redacted, with a warning naming the file.
     */
    private static Map<String, String> files(List<ObjectNode> rules, Redactor redactor, PrintWriter err)
            throws DeployException {
        RuleExporter exporter = new RuleExporter();
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> rule : RuleExporter.fileNames(rules).entrySet()) {
            try {
                String toml = exporter.toToml(rule.getValue());
                String redacted = redactor.redact(toml);
                if (!redacted.equals(toml)) {
                    err.println("dac export: warning: " + rule.getKey() + " held a credential; it is written as "
                            + Redactor.MARK + ", check the rule in Kibana");
                }
                files.put(rule.getKey(), redacted);
            } catch (RuntimeException e) {
                throw new DeployException("rule " + rule.getValue().path("rule_id").asString() + " from Kibana cannot"
                        + " be written as a rule file (" + e.getMessage() + "). Nothing was written; fix the rule in"
                        + " Kibana and export again.", e);
            }
        }
        return files;
    }

    /** The names in {@code folder}, none if it does not exist yet. */
    private static List<String> existing(Path folder) throws WriteFailure {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new WriteFailure(folder, folder.toString(), e);
        }
    }

    private static String listed(List<String> names) {
        List<String> shown = new ArrayList<>(names.subList(0, Math.min(LISTED, names.size())));
        if (names.size() > LISTED) {
            shown.add("and " + (names.size() - LISTED) + " more");
        }
        return String.join(", ", shown);
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("dac export: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
