package dev.dac.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Folders watched recursively with java.nio's WatchService: {@link #next} waits for a change, then for the saving to
 * settle (an editor writes, renames and touches a file in quick succession), and gives every file changed meanwhile.
 * Folders created later are watched too. {@link #close} ends a waiting {@link #next} from another thread.
 */
final class FolderWatch implements AutoCloseable {

    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Duration settle;

    FolderWatch(List<Path> roots, Duration settle) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.settle = settle;
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                registerTree(root);
            } else if (root.getParent() != null) {
                register(root.toAbsolutePath().getParent()); // a single file: watch its folder
            }
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path folder : tree.filter(Files::isDirectory).toList()) {
                register(folder);
            }
        }
    }

    private void register(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        folders.put(absolute.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), absolute);
    }

    /** The files changed since the last call, once changes have settled; empty once the watch is closed. */
    Optional<Set<Path>> next() throws IOException, InterruptedException {
        Set<Path> changed = new LinkedHashSet<>();
        try {
            WatchKey key = service.take();
            collect(key, changed);
            // wait for the saving to settle: more changes within the settle time belong to the same save
            while ((key = service.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                collect(key, changed);
            }
        } catch (ClosedWatchServiceException e) {
            return Optional.empty();
        }
        return Optional.of(changed);
    }

    private void collect(WatchKey key, Set<Path> changed) throws IOException {
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (folder == null || !(event.context() instanceof Path name)) {
                continue; // an overflow: nothing to name
            }
            Path path = folder.resolve(name);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                registerTree(path);
            }
            changed.add(path);
        }
        if (!key.reset()) {
            folders.remove(key);
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
