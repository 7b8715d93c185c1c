package dev.dac.report;

import java.nio.file.Path;

/** File paths as reports show them: relative to the working directory when inside it, always with '/'. */
final class DisplayPath {

    private DisplayPath() {}

    static String of(Path path) {
        Path shown = path;
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(cwd) && !absolute.equals(cwd)) {
            shown = cwd.relativize(absolute);
        }
        return shown.toString().replace('\\', '/');
    }
}
