package dev.dac.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dac init}: a new rules repository that validates and tests cleanly from the start. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a rules repository: rules/ with a sample rule, fixtures/ with its passing cases, a CI"
                + " workflow example and a README.",
        footer = {"", "Examples:", "  dac init my-rules && cd my-rules && dac validate rules/ && dac test", "",
            "Exit codes: 0 created, 1 the folder exists and is not empty, or cannot be written (either way nothing is"
                + " written or left half-written), 2 usage error."})
public final class InitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The folder to create (must not exist, or be empty).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Writes the repository all at once or not at all; tests put in one whose writes fail. */
    FolderWriter writer = new FolderWriter();

    @Override
    public Integer call() throws IOException {
        String ruleId = UUID.randomUUID().toString();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("rules/aws_root_user_console_login.toml", resource("rule.toml.txt").replace("RULE_ID", ruleId));
        files.put("fixtures/aws_root_user_console_login.toml", resource("fixture.toml.txt").replace("RULE_ID", ruleId));
        files.put(".github/workflows/detection-rules.yml", resource("workflow.yml.txt"));
        files.put("README.md", resource("readme.md.txt"));
        try {
            if (!missingOrEmptyFolder(dir)) {
                return fail(dir + " exists and is not an empty folder; nothing was written. Pick a new folder name.");
            }
            writer.write(dir, files, false);
        } catch (WriteFailure e) {
            return fail(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("created " + dir + " with a sample rule, its test cases and a CI workflow; next:");
        out.println("  cd " + shellWord(dir.toString()) + " && dac validate rules/ && dac test");
        out.println("(dac not found? run 'make install' in the dac repository and put ~/.local/bin on your PATH;"
                + " the CI workflow in .github/workflows/ says how it gets dac)");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code path} as one word a POSIX shell reads back unchanged, so the next step can be pasted as printed. */
    static String shellWord(String path) {
        return path.matches("[A-Za-z0-9_./:+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    private static boolean missingOrEmptyFolder(Path dir) throws WriteFailure {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new WriteFailure(dir, dir.toString(), e);
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("dac init: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = InitCommand.class.getResourceAsStream("init/" + name)) {
            if (in == null) {
                throw new IOException("dac's init template " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
