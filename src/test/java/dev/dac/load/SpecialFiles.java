package dev.dac.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that are not regular files, as a hostile or careless checkout can hold them under a *.toml name. */
public final class SpecialFiles {

    private SpecialFiles() {}

    /** A named pipe: opening it for reading blocks until some process writes to it. */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        Files.createDirectories(path.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        if (mkfifo.waitFor() != 0 || !Files.exists(path)) {
            throw new IOException("mkfifo " + path + " failed: " + new String(mkfifo.getInputStream().readAllBytes()));
        }
        return path;
    }

    /** A symbolic link to /dev/zero: an endless stream of NUL bytes whose reported size is 0. */
    public static Path endlessLink(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.createSymbolicLink(path, Path.of("/dev/zero"));
    }
}
