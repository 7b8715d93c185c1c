package dev.dac.validate;

import java.nio.file.Path;

/**
 * One problem in one file. {@code line} is 1-based, or null when no line applies (a missing file, a missing
 * table); {@code ruleId} is null when the file has none that could be read.
 */
public record Finding(Path file, Integer line, String ruleId, Check check, String message) {

    public Check.Level level() {
        return check.level();
    }

    public boolean isError() {
        return check.level() == Check.Level.ERROR;
    }
}
