package dev.dac.validate;

import dev.dac.load.ParsedRuleFile;
import dev.dac.rule.ExceptionList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exception lists of a repository's {@code exceptions/} folder after their checks: each list that could be read,
 * with the parsed file it came from (for the lines of findings) and its place in the file, and the findings of the
 * files. A list with an error in its file is not among {@code lists}: it is neither applied nor deployed.
 */
public record ExceptionLists(Optional<Path> folder, Map<ExceptionList.Key, Source> lists, List<Finding> findings,
        Map<ExceptionList.Key, Path> withErrors) {

    public static final ExceptionLists NONE = new ExceptionLists(Optional.empty(), Map.of(), List.of(), Map.of());

    /** One list and where it is written: {@code pointer} is its JSON pointer in the file ({@code /exceptions/0}). */
    public record Source(ExceptionList list, ParsedRuleFile parsed, String pointer) {

        /** A finding at the line of {@code relative} (a pointer below the list's own), for rule {@code ruleId}. */
        Finding findingAt(Check check, String relative, String ruleId, String message) {
            return new Finding(parsed.path(), parsed.lines().lineOf(pointer + relative).orElse(null), ruleId, check,
                    message);
        }
    }

    public ExceptionLists {
        lists = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lists));
        findings = List.copyOf(findings);
        withErrors = Map.copyOf(withErrors);
    }

    /** The file of a list that is written but not loaded because its file has errors. */
    public Optional<Path> brokenFile(ExceptionList.Key key) {
        return Optional.ofNullable(withErrors.get(key));
    }

    public Optional<Source> find(ExceptionList.Key key) {
        return Optional.ofNullable(lists.get(key));
    }

    /** Every list without errors, in file order: what a deploy writes. */
    public List<ExceptionList> all() {
        return lists.values().stream().map(Source::list).toList();
    }
}
