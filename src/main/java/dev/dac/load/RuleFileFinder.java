package dev.dac.load;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands the paths a user names into rule files: a file is taken as it is, a directory is searched for
 * {@code *.toml}. Paths that cannot be read are reported, never thrown, so one bad folder does not hide the rest.
 */
public final class RuleFileFinder {

    /** Files found (sorted, each once) and the paths that could not be searched. */
    public record Found(List<Path> files, List<LoadProblem> problems) {
        public Found {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    /** Reading a FIFO blocks and a device may never end, so only regular files are taken. */
    static final String NOT_REGULAR = "is not a regular file (a named pipe, device or socket); only regular files"
            + " are read";

    public Found find(List<Path> roots) {
        Set<Path> files = new TreeSet<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (Path root : roots) {
            Path normalized = root.normalize();
            if (!Files.exists(normalized)) {
                problems.add(problem(normalized, "does not exist"));
            } else if (Files.isDirectory(normalized)) {
                walk(normalized, files, problems);
            } else if (Files.isRegularFile(normalized)) {
                files.add(normalized);
            } else {
                problems.add(problem(normalized, NOT_REGULAR));
            }
        }
        return new Found(new ArrayList<>(files), problems);
    }

    private static void walk(Path root, Set<Path> files, List<LoadProblem> problems) {
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                            // hidden folders (.git, .idea) never hold rules
                            return !dir.equals(root) && name.startsWith(".")
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!file.getFileName().toString().endsWith(".toml")) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (attrs.isRegularFile()) {
                                files.add(file);
                            } else if (attrs.isOther()) {
                                problems.add(problem(file, NOT_REGULAR));
                            } else if (attrs.isSymbolicLink()) {
                                // links are followed, so a link seen as a link points nowhere
                                problems.add(problem(file, "is a broken symbolic link"));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            problems.add(problem(file, describe(e)));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            problems.add(problem(root, describe(e)));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "is a symbolic link back into a folder already searched; skipped";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "does not exist (a broken symbolic link?)";
        }
        return "cannot be read: " + e.getMessage();
    }

    private static LoadProblem problem(Path path, String why) {
        return new LoadProblem(path, LoadProblem.Kind.UNREADABLE, 0, 0, why);
    }
}
