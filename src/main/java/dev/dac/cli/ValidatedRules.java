package dev.dac.cli;

import dev.dac.report.TextReporter;
import dev.dac.validate.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How the commands that act on rules (convert, plan, deploy, test) take them: validated as {@code dac validate}
 * does, its findings printed on stderr in validate's text form; warnings let the command go on, errors stop it
 * before it sends or runs anything.
 */
final class ValidatedRules {

    private ValidatedRules() {}

    /** Whether every path named exists; each that does not is named on {@code err} (a usage error). */
    static boolean allExist(String command, List<Path> paths, PrintWriter err) {
        List<Path> missing = paths.stream().filter(p -> !Files.exists(p)).toList();
        missing.forEach(p -> err.println("dac " + command + ": " + p
                + ": no such file or folder; name rule files or folders that exist"));
        err.flush();
        return missing.isEmpty();
    }

    /**
     * Prints the findings of {@code rules} on {@code err}, and whether the command may act on them: false when any
     * rule has an error, after one line saying so and what was not done ({@code nothingDone}).
     */
    static boolean usable(String command, RuleSet rules, String nothingDone, PrintWriter err) {
        if (!rules.report().findings().isEmpty()) {
            new TextReporter().writeValidation(rules.report(), err);
        }
        if (rules.hasErrors()) {
            long files = rules.filesWithErrors();
            err.println("dac " + command + ": " + files + (files == 1 ? " rule file has" : " rule files have")
                    + " errors; " + nothingDone);
        }
        err.flush();
        return !rules.hasErrors();
    }
}
