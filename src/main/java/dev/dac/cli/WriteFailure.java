package dev.dac.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A folder could not be written, and nothing of it was left behind. {@link #getMessage()} says what failed, where,
 * and what to do about it, in one sentence for the user.
 */
final class WriteFailure extends Exception {

    private static final long serialVersionUID = 1L;

    WriteFailure(Path folder, String where, IOException cause) {
        super("cannot write " + folder + ": " + where + " " + reason(cause) + ". Nothing was written. "
                + fix(cause, where) + ".", cause);
    }

    /** What went wrong, from the exception's type or the system's reason (strerror text on Linux). */
    private static String reason(IOException e) {
        String system = systemReason(e);
        if (e instanceof FileAlreadyExistsException) {
            return Files.isDirectory(Path.of(((FileSystemException) e).getFile())) ? "already exists"
                    : "already exists and is not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be written (permission denied)";
        }
        if (e instanceof NoSuchFileException) {
            return "cannot be created there (no such file or folder)";
        }
        if (e instanceof NotDirectoryException) {
            return "is not a folder";
        }
        return system.isEmpty() ? "cannot be written" : "cannot be written (" + system + ")";
    }

    private static String fix(IOException e, String where) {
        String system = systemReason(e).toLowerCase(Locale.ROOT);
        if (system.contains("no space left") || system.contains("quota")) {
            return "Free some disk space (or choose a folder on another disk) and run again";
        }
        if (system.contains("read-only")) {
            return "Choose a folder on a writable disk";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || system.contains("not a directory") || system.contains("not a folder")) {
            return "Choose a path whose parent folders are folders, or move " + where + " away";
        }
        if (e instanceof AccessDeniedException) {
            return "Choose a folder you can write to, or change its permissions";
        }
        return "Choose a folder of your own that you can write to (not under /proc or /sys), and check its free space";
    }

    private static String systemReason(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return reason == null ? "" : reason;
    }
}
