package dev.dac.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Data views kept as code, so a rule that names a {@code data_view_id} instead of {@code index} searches what the data
 * view covers: {@code data_views/<id>.toml} holding {@code title = "<index pattern>[,<index pattern>...]"}, Kibana's
 * title of the data view. The folder is the nearest {@code data_views/} at or above the rule file's folder, so a
 * repository keeps it beside {@code rules/}.
 */
public final class DataViews {

    /** A data view: its id, the index patterns of its title, and the file that defines it. */
    public record DataView(String id, List<String> indices, Path file) {}

    /** Ids that can name a file: no separators, no leading dot. Any other id is simply not found. */
    private static final Pattern FILE_SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private DataViews() {}

    /**
     * Kibana's rule failure when the data view does not exist (create_security_rule_type_wrapper.ts: "Data View not
     * found" and the saved-objects error get_input_output_index.ts passes on).
     */
    public static String notFoundMessage(String id) {
        return "Data View not found Error: Saved object [index-pattern/" + id + "] not found";
    }

    /** The file that would define {@code id} for a rule at {@code ruleFile}, if one exists. */
    public static Optional<Path> fileFor(Path ruleFile, String id) {
        if (id == null || !FILE_SAFE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        for (Path dir = ruleFile.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data_views").resolve(id + ".toml");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            if (Files.isDirectory(dir.resolve("data_views"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The data view {@code id} for a rule at {@code ruleFile}; empty when no file defines it. A file that exists but
     * cannot be read, or lacks a title, is a {@link RuleLoadException} naming the file and the fix.
     */
    public static Optional<DataView> find(Path ruleFile, String id) throws RuleLoadException {
        Optional<Path> file = fileFor(ruleFile, id);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        ParsedRuleFile parsed = new RuleFileParser().parse(file.get());
        JsonNode title = parsed.document().path("title");
        List<String> indices = title.isString() ? Arrays.stream(title.asString().split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList() : List.of();
        if (indices.isEmpty()) {
            throw new RuleLoadException(new LoadProblem(file.get(), LoadProblem.Kind.UNREADABLE, 0, 0,
                    "data view " + id + " has no title; write title = \"logs-*,filebeat-*\" (its index patterns,"
                            + " comma-separated, as Kibana's data view title)"));
        }
        return Optional.of(new DataView(id, indices, file.get()));
    }
}
