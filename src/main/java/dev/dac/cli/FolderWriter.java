package dev.dac.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a set of files into a folder all at once or not at all. The files are first written to a hidden folder
 * beside the target, then renamed into place: a new folder in one rename, an existing one entry by entry, with every
 * replaced file kept aside until the end so a failure puts the folder back as it was. Names are checked to stay inside
 * the folder whatever they contain.
 */
final class FolderWriter {

    /** Writes one file; tests put in one that fails, as a full disk does. */
    @FunctionalInterface
    interface FileWrite {
        void write(Path file, String content) throws IOException;
    }

    private final FileWrite write;

    FolderWriter() {
        this((file, content) -> Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    FolderWriter(FileWrite write) {
        this.write = write;
    }

    /**
     * Writes {@code files} (relative path to content) into {@code folder}, creating it if needed. An existing entry of
     * the same name is an error unless {@code replace}, and even then only a regular file is replaced.
     *
     * @throws WriteFailure saying what failed; by then {@code folder} is as it was before
     */
    void write(Path folder, Map<String, String> files, boolean replace) throws WriteFailure {
        Path target = folder.toAbsolutePath().normalize();
        Path stage = null;
        Path createdAncestor = null;
        try {
            if (Files.isDirectory(target)) {
                target = target.toRealPath(); // stage beside the real folder, so renames stay on one file system
            }
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new FileSystemException(target.toString(), null, "is a file, not a folder");
            }
            for (String name : files.keySet()) {
                requireInside(target, name);
            }
            Path parent = target.getParent();
            if (parent == null) {
                throw new FileSystemException(target.toString(), null, "is the root of the file system");
            }
            createdAncestor = firstMissing(parent);
            Files.createDirectories(parent);
            stage = stage(parent, target);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path staged = stage.resolve(file.getKey());
                Files.createDirectories(staged.getParent());
                write.write(staged, file.getValue());
            }
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
                stage = null;
                return;
            }
            merge(stage, target, replace);
        } catch (IOException e) {
            deleteQuietly(createdAncestor);
            throw new WriteFailure(target, where(e, stage, target), e);
        } finally {
            deleteQuietly(stage);
        }
    }

    /** The file the failure names, as the user knows it: inside the target rather than the staging folder. */
    private static String where(IOException e, Path stage, Path target) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : target.toString();
        return stage != null && file.startsWith(stage.toString()) ? target + file.substring(stage.toString().length())
                : file;
    }

    /** An error unless {@code name} is a path inside {@code folder}: not absolute, not climbing out, not empty. */
    private static void requireInside(Path folder, String name) throws FileSystemException {
        FileSystemException outside = new FileSystemException(name, null, "is not a name inside " + folder
                + "; refusing to write it");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw outside;
        }
        try {
            Path relative = Path.of(name);
            Path resolved = folder.resolve(relative).normalize();
            if (relative.isAbsolute() || !resolved.startsWith(folder) || resolved.equals(folder)) {
                throw outside;
            }
        } catch (InvalidPathException e) {
            throw outside;
        }
    }

    /** A new hidden folder beside {@code target}, or inside it when the parent cannot be written but it can. */
    private static Path stage(Path parent, Path target) throws IOException {
        String hidden = "." + target.getFileName() + ".dac-" + UUID.randomUUID() + ".tmp";
        try {
            return Files.createDirectory(parent.resolve(hidden));
        } catch (IOException besideFailed) {
            if (!Files.isDirectory(target)) {
                throw besideFailed instanceof AccessDeniedException ? new AccessDeniedException(parent.toString())
                        : new FileSystemException(parent.toString(), null, besideFailed instanceof FileSystemException fs
                                ? fs.getReason() : besideFailed.getMessage()); // the folder, not dac's hidden name
            }
            return Files.createDirectory(target.resolve(".dac-" + UUID.randomUUID() + ".tmp"));
        }
    }

    /** Moves each entry of {@code stage} into {@code target}; on a failure undoes every step taken, in reverse. */
    private static void merge(Path stage, Path target, boolean replace) throws IOException {
        Deque<Undo> undo = new ArrayDeque<>();
        Path[] replaced = new Path[1]; // where replaced files wait, created at the first one
        try {
            mergeInto(stage, target, target, replace, undo, replaced);
        } catch (IOException e) {
            try {
                while (!undo.isEmpty()) {
                    undo.pop().run();
                }
            } catch (IOException undoFailed) {
                e.addSuppressed(undoFailed);
                throw new FileSystemException(target.toString(), null, e.getMessage() + "; putting the folder back"
                        + " failed too (" + undoFailed.getMessage() + "); the replaced files are kept in "
                        + replaced[0]);
            }
            deleteQuietly(replaced[0]);
            throw e;
        }
        deleteQuietly(replaced[0]);
    }

    /**
     * Moves the entries of {@code staged} into {@code destination} (a folder under {@code target}); a staged folder
     * whose name is already a folder there (exported exception lists in {@code exceptions/}) is merged the same way.
     */
    private static void mergeInto(Path staged, Path destinationFolder, Path target, boolean replace, Deque<Undo> undo,
            Path[] replaced) throws IOException {
        try (Stream<Path> listing = Files.list(staged)) {
            for (Path entry : listing.sorted().toList()) {
                Path destination = destinationFolder.resolve(entry.getFileName().toString());
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                    mergeInto(entry, destination, target, replace, undo, replaced);
                    continue;
                }
                if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                    if (!replace) {
                        throw new FileAlreadyExistsException(destination.toString());
                    }
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        throw new NotDirectoryException(destination.toString()); // dac writes into a folder of that name
                    }
                    if (!Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileSystemException(destination.toString(), null,
                                "is not a regular file (a folder or a link); dac replaces only files");
                    }
                    if (replaced[0] == null) {
                        replaced[0] = stage(target.getParent(), target);
                    }
                    Path kept = replaced[0].resolve(UUID.randomUUID().toString());
                    Files.move(destination, kept, StandardCopyOption.ATOMIC_MOVE);
                    undo.push(() -> Files.move(kept, destination, StandardCopyOption.ATOMIC_MOVE));
                }
                Files.move(entry, destination, StandardCopyOption.ATOMIC_MOVE);
                undo.push(() -> delete(destination));
            }
        }
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    private static Path firstMissing(Path folder) {
        Path missing = null;
        for (Path p = folder; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            List<Path> deepestFirst = tree.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.delete(p);
            }
        }
    }

    /** Removes what dac itself created; a failure here must not hide the error being reported. */
    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            delete(path);
        } catch (IOException ignored) {
            // best effort: the staging folder is hidden and named after dac
        }
    }
}
