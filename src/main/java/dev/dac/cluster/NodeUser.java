package dev.dac.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The user the local node runs as when dac runs as root: nobody (Elasticsearch refuses to run as root). That user
 * must be able to pass through every folder on the way to the node's home, its run folders and its Java; a folder
 * only root may enter (what {@code mktemp -d} makes) kills the node at start with "Permission denied" from its start
 * script. This is checked before anything is assembled or started.
 */
final class NodeUser {

    static final int NOBODY = 65534;

    private NodeUser() {}

    /** Throws with the folder in the way and the fix, when dac runs as root and nobody cannot reach the node. */
    static void ensureReachable(LocalNodeSettings settings) throws ClusterException {
        if (!LocalNode.runningAsRoot()) {
            return;
        }
        String setting = settings.workRoot().equals(settings.homeRoot()) ? "DAC_ES_WORK" : "DAC_ES_WORK and DAC_ES_RUNS";
        check(settings.homeRoot(), "its home under " + settings.homeRoot(), "set DAC_ES_WORK to a folder every user"
                + " can enter (for example /var/tmp/dac-elasticsearch)");
        check(settings.workRoot(), "its run folders under " + settings.workRoot(), "set " + setting + " to a folder"
                + " every user can enter (for example /var/tmp/dac-elasticsearch)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        check(java, "the Java it runs with (" + java + ")", "run dac with a JDK every user can reach");
    }

    private static void check(Path target, String what, String fix) throws ClusterException {
        Optional<Path> blocked = unreachable(target, NOBODY, NOBODY);
        if (blocked.isPresent()) {
            Path folder = blocked.get();
            String mode;
            try {
                PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class);
                mode = " (" + PosixFilePermissions.toString(attributes.permissions()) + ", owner "
                        + attributes.owner().getName() + ")";
            } catch (IOException e) {
                mode = "";
            }
            throw new ClusterException("dac runs as root, so the local node runs as user nobody (Elasticsearch refuses"
                    + " root), and nobody cannot enter " + folder + mode + " on the way to " + what + ". "
                    + capitalized(fix) + ", or let others pass through that folder: chmod o+x " + folder);
        }
    }

    /**
     * The first existing folder on the way to {@code target} (not itself: dac makes the folders it works in
     * enterable) that a process of {@code uid} and {@code gid}, without supplementary groups, may not enter,
     * empty when it can reach it.
     */
    static Optional<Path> unreachable(Path target, int uid, int gid) {
        Path absolute = target.toAbsolutePath().normalize();
        for (int i = 0; i < absolute.getNameCount(); i++) {
            Path folder = i == 0 ? absolute.getRoot() : absolute.getRoot().resolve(absolute.subpath(0, i));
            if (!Files.isDirectory(folder)) {
                return Optional.empty();
            }
            try {
                PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class);
                int owner = (Integer) Files.getAttribute(folder, "unix:uid");
                int group = (Integer) Files.getAttribute(folder, "unix:gid");
                var permissions = attributes.permissions();
                // the kernel uses the owner's bits for the owner, else the group's for the group, else the others'
                boolean enters = owner == uid ? permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                        : group == gid ? permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                        : permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
                if (!enters) {
                    return Optional.of(folder);
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return Optional.empty(); // not a POSIX file system: nothing to check
            }
        }
        return Optional.empty();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
