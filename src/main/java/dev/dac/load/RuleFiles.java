package dev.dac.load;

import dev.dac.rule.RuleFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads rule files into the model, collecting the ones that cannot be read instead of stopping. */
public final class RuleFiles {

    /** The rules read, and each problem as "path[:line]: message". */
    public record Loaded(List<RuleFile> rules, List<String> problems, boolean missingPaths) {}

    private RuleFiles() {}

    public static Loaded load(List<Path> roots) {
        RuleFileFinder.Found found = new RuleFileFinder().find(roots);
        List<String> problems = new ArrayList<>();
        boolean missing = found.problems().stream().anyMatch(p -> p.message().equals("does not exist"));
        found.problems().forEach(p -> problems.add(p.path() + ": " + p.message()));
        RuleFileParser parser = new RuleFileParser();
        RuleModelReader reader = new RuleModelReader();
        List<RuleFile> rules = new ArrayList<>();
        for (Path file : found.files()) {
            try {
                rules.add(reader.read(parser.parse(file)));
            } catch (RuleLoadException e) {
                LoadProblem p = e.problem();
                problems.add(file + (p.line() > 0 ? ":" + p.line() : "") + ": " + p.message());
            } catch (RuleModelReader.UnreadableRuleException e) {
                problems.add(file + ": " + e.getMessage() + " (run dac validate for details)");
            }
        }
        return new Loaded(rules, problems, missing);
    }
}
