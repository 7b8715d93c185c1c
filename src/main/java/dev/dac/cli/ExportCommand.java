package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.Deployer;
import dev.dac.deploy.ExceptionListExporter;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.RuleExporter;
import dev.dac.secret.Redactor;
import dev.dac.validate.ExceptionListLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
        description = "Export the rules of a Kibana space as TOML rule files in the repository's format, and the"
                + " exception lists they reference as exception files in DIR/exceptions/ (where dac validate DIR"
                + " finds them). Files are written all at once or not at all; existing files are replaced only with"
                + " --force, and files no exported rule or list maps to are listed and left alone.",
        footer = {"", "Examples:", "  dac export --out rules/exported", "  dac export --out rules/exported --force", "",
            "Exit codes: 0 exported, 1 failed (nothing written), 2 usage.", "", HelpText.KIBANA_ENVIRONMENT})
public final class ExportCommand implements Callable<Integer> {

    /** How many file names a message lists before it says how many more there are. */
    private static final int LISTED = 10;

    @Mixin
    KibanaOptions kibana;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the files to.")
    Path out;

    @Option(names = "--force", description = "Replace files in --out (and --out/exceptions) that have the name of an exported"
            + " rule (or exception list).")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (KibanaClient client = kibana.client(err)) {
            List<ObjectNode> rules = Deployer.export(client);
            ExceptionListExporter.Exported lists = new ExceptionListExporter().export(rules, client);
            Map<String, String> files = files(rules, kibana.redactor(), err);
            for (ExceptionListExporter.ListFile list : lists.files()) {
                String name = ExceptionListExporter.FOLDER + "/" + list.fileName();
                files.put(name, redacted(name, list.toml(), kibana.redactor(), err, "the list in Kibana"));
            }
            List<String> existing = existing(out);
            List<String> taken = existing.stream().filter(files::containsKey).toList();
            if (!taken.isEmpty() && !force) {
                return fail(taken.size() + " file" + plural(taken.size()) + " in " + out + " would be replaced: "
                        + listed(taken) + ". Nothing was written. Give --force to replace them, or export to an"
                        + " empty folder.");
            }
            new FolderWriter().write(out, files, force);
            lists.warnings().forEach(warning -> err.println("dac export: warning: " + warning));
            err.flush();
            PrintWriter stdout = spec.commandLine().getOut();
            int items = lists.files().stream().mapToInt(ExceptionListExporter.ListFile::items).sum();
            stdout.println("exported " + rules.size() + " rule" + plural(rules.size()) + " to " + out
                    + (lists.files().isEmpty() ? "" : " and " + lists.files().size() + " exception list"
                            + plural(lists.files().size()) + " (" + items + " item" + plural(items) + ") to "
                            + out.resolve(ExceptionListExporter.FOLDER))
                    + (taken.isEmpty() ? "" : " (" + taken.size() + " replaced)"));
            List<String> stale = existing.stream().filter(name -> !files.containsKey(name)).toList();
            note(stdout, stale.stream().filter(name -> !isListFile(name)).toList(), out, "rule");
            note(stdout, stale.stream().filter(ExportCommand::isListFile).toList(),
                    out.resolve(ExceptionListExporter.FOLDER), "exception list");
            if (!lists.files().isEmpty()) {
                noteRepositoryLists(stdout, out);
            }
            stdout.flush();
            return 0;
        } catch (DeployException | WriteFailure e) {
            return fail(e.getMessage());
        }
    }

    /** Says which files in {@code folder} no exported rule or list maps to: they are left alone, maybe stale. */
    private static void note(PrintWriter stdout, List<String> stale, Path folder, String what) {
        if (stale.isEmpty()) {
            return;
        }
        List<String> names = stale.stream().map(name -> name.substring(name.lastIndexOf('/') + 1)).toList();
        stdout.println("note: " + stale.size() + " file" + plural(stale.size()) + " in " + folder + " match"
                + (stale.size() == 1 ? "es" : "") + " no exported " + what + " and " + (stale.size() == 1 ? "was"
                : "were") + " left alone: " + listed(names));
    }

    /**
     * dac reads the nearest {@code exceptions/} folder at or above the rules it is given (up to the folder holding
     * .git): {@code dac validate <out>} reads {@code <out>/exceptions}, but the rules around {@code out} read the
     * repository's folder, which does not hold the lists just written. Says so, rather than leave a validate of the
     * repository to fail (DAC162) or a list to end up defined twice.
     */
    private static void noteRepositoryLists(PrintWriter stdout, Path out) {
        Path written = out.toAbsolutePath().normalize().resolve(ExceptionListExporter.FOLDER);
        Path around = written.getParent().getParent();
        if (around == null) {
            return;
        }
        ExceptionListLoader.folderFor(List.of(around)).filter(folder -> !folder.equals(written)).ifPresent(folder ->
                stdout.println("note: the rules around " + out + " take their exception lists from " + folder
                        + " (the nearest exceptions/ folder above them); dac validate " + out + " reads "
                        + out.resolve(ExceptionListExporter.FOLDER) + ", but validate or deploy of the repository"
                        + " does not: move the list files to " + folder + " (replacing a file that defines the same"
                        + " list) if the exported rules stay in the repository"));
    }

    private static boolean isListFile(String name) {
        return name.startsWith(ExceptionListExporter.FOLDER + "/");
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
                files.put(rule.getKey(), redacted(rule.getKey(), exporter.toToml(rule.getValue()), redactor, err,
                        "the rule in Kibana"));
            } catch (RuntimeException e) {
                throw new DeployException("rule " + rule.getValue().path("rule_id").asString() + " from Kibana cannot"
                        + " be written as a rule file (" + e.getMessage() + "). Nothing was written; fix the rule in"
                        + " Kibana and export again.", e);
            }
        }
        return files;
    }

    /** {@code toml} with any credential it holds redacted, and a warning naming the file if it held one. */
    private static String redacted(String name, String toml, Redactor redactor, PrintWriter err, String check) {
        String redacted = redactor.redact(toml);
        if (!redacted.equals(toml)) {
            err.println("dac export: warning: " + name + " held a credential; it is written as " + Redactor.MARK
                    + ", check " + check);
        }
        return redacted;
    }

    /**
     * The files in {@code folder} (none if it does not exist yet) by their names there: the entries of the folder
     * and, for its {@code exceptions/} folder, the files in it as {@code exceptions/<name>}.
     */
    private static List<String> existing(Path folder) throws WriteFailure {
        List<String> names = new ArrayList<>();
        for (String name : names(folder)) {
            Path entry = folder.resolve(name);
            if (name.equals(ExceptionListExporter.FOLDER) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                names(entry).forEach(list -> names.add(ExceptionListExporter.FOLDER + "/" + list));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> names(Path folder) throws WriteFailure {
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
