package dev.dac.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code dac test PATH…} names, sorted: fixture files or folders (their cases run) and rule files or folders (they
 * run in place of the rules of the same rule_id, and the cases that check them run). A path is a fixture path when it
 * lies in a fixtures folder, or when it is a file with a {@code [fixture]} table, so {@code dac test
 * fixtures/my_rule.toml} runs that file's cases instead of reading it as a rule.
 */
public record TestSelection(List<Path> rulePaths, List<Path> fixturePaths) {

    private static final Pattern FIXTURE_TABLE = Pattern.compile("(?m)^\\s*\\[\\s*fixture\\s*\\]\\s*(#.*)?$");

    public TestSelection {
        rulePaths = List.copyOf(rulePaths);
        fixturePaths = List.copyOf(fixturePaths);
    }

    public static TestSelection of(List<Path> named, List<Path> fixturesDirs) {
        List<Path> rules = new ArrayList<>();
        List<Path> fixtures = new ArrayList<>();
        for (Path path : named) {
            (isFixture(path, fixturesDirs) ? fixtures : rules).add(path);
        }
        return new TestSelection(rules, fixtures);
    }

    /** The fixture roots to read: the fixtures folders, and the fixture paths named outside them. */
    public List<Path> fixtureRoots(List<Path> fixturesDirs) {
        List<Path> roots = new ArrayList<>(fixturesDirs);
        fixturePaths.stream().filter(p -> !within(p, fixturesDirs)).forEach(roots::add);
        return roots;
    }

    /**
     * The cases to run: all when nothing was named; else those of the fixture paths named and those that check a
     * rule named ({@code namedRuleIds}).
     */
    public List<TestCase> select(List<TestCase> cases, Set<String> namedRuleIds) {
        if (rulePaths.isEmpty() && fixturePaths.isEmpty()) {
            return cases;
        }
        return cases.stream().filter(c -> within(c.file(), fixturePaths)
                || c.expectations().stream().anyMatch(e -> namedRuleIds.contains(e.ruleId()))).toList();
    }

    private static boolean isFixture(Path path, List<Path> fixturesDirs) {
        if (within(path, fixturesDirs)) {
            return true;
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(path)) {
            // a rule file never has a [fixture] table; reading stops at the first one
            return lines.limit(10_000).anyMatch(line -> FIXTURE_TABLE.matcher(line).matches());
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // unreadable: the rule reader reports it with its own message
        }
    }

    private static boolean within(Path path, List<Path> roots) {
        Path absolute = path.toAbsolutePath().normalize();
        return roots.stream().anyMatch(root -> absolute.startsWith(root.toAbsolutePath().normalize()));
    }
}
