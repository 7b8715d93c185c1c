package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.Deployer;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.RuleExporter;
import dev.dac.secret.Redactor;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code dac export}: Kibana's rules written as rule files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the rules of a Kibana space as TOML rule files in the repository's format.",
        footer = {"", "Examples:", "  dac export --out rules/exported", "", "Exit codes: 0 exported, 1 failed, 2 usage."})
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    KibanaOptions kibana;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the files to.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (KibanaClient client = kibana.client(err)) {
            List<ObjectNode> rules = Deployer.export(client);
            Files.createDirectories(out);
            RuleExporter exporter = new RuleExporter();
            Redactor redactor = kibana.redactor();
            Set<String> names = new HashSet<>();
            for (ObjectNode rule : rules) {
                String name = RuleExporter.fileName(rule);
                if (!names.add(name)) {
                    name = name.replace(".toml", "_" + rule.path("rule_id").asString().substring(0, 8) + ".toml");
                }
                Path target = out.resolve(name);
                Path temp = out.resolve("." + name + ".tmp");
                String toml = exporter.toToml(rule);
                String redacted = redactor.redact(toml);
                if (!redacted.equals(toml)) {
                    err.println("dac export: warning: " + name + " held a credential; it is written as "
                            + Redactor.MARK + ", check the rule in Kibana");
                }
                Files.writeString(temp, redacted);
                Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            spec.commandLine().getOut().println("exported " + rules.size() + " rule" + (rules.size() == 1 ? "" : "s")
                    + " to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DeployException e) {
            spec.commandLine().getErr().println("dac export: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("dac export: cannot write to " + out + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
