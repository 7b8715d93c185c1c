package dev.dac.load;

import java.nio.file.Path;

/**
 * Why a path could not be turned into a document: what went wrong, where (line and column when known, 0 otherwise),
 * and what the author can do about it.
 */
public record LoadProblem(Path path, Kind kind, int line, int column, String message) {

    public enum Kind {
        /** The path does not exist, or cannot be read or listed. */
        UNREADABLE,
        /** The bytes are not UTF-8 text, or the file is too large to be a rule. */
        NOT_TEXT,
        /** The text is not valid TOML. */
        MALFORMED_TOML
    }
}
