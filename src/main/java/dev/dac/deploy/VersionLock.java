package dev.dac.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The repository's version lock, in the shape of detection-rules' {@code detection_rules/etc/version.lock.json}
 * (rule_id → rule_name, sha256, type, version, min_stack_version) and used as {@code detection_rules/version_lock.py}
 * and {@code TOMLRuleContents.autobumped_version} in {@code detection_rules/rule.py} use theirs: a rule's version is the
 * locked one while its content hash is the locked hash, and one more once the content has changed and the lock was
 * not updated. The hash is detection-rules' {@code dict_hash}: sha256 of the base64 of {@code json.dumps(body,
 * sort_keys=True)}, over the API body without version and related_integrations (as {@code get_hashable_content}),
 * and without enabled, which dac treats as a deployment choice rather than content.
 */
public final class VersionLock {

    /** The lock's name in a repository, beside rules/. */
    public static final String FILE_NAME = "version.lock.json";

    public record Entry(String ruleName, String sha256, String type, int version, String minStackVersion) {}

    /** Where a rule's version comes from. */
    public enum Source {
        /** Not in the lock: the rule file's own version, or 1. */
        UNLOCKED,
        /** The locked version; the content is what was locked. */
        LOCKED,
        /** The content changed since it was locked: locked version + 1 until {@code dac lock} records it. */
        BUMPED
    }

    public record Resolved(int version, Source source, Integer lockedVersion) {}

    private final Map<String, Entry> entries;

    private VersionLock(Map<String, Entry> entries) {
        this.entries = new TreeMap<>(entries);
    }

    public static VersionLock empty() {
        return new VersionLock(Map.of());
    }

    public Map<String, Entry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** Reads a lock file; a missing file is an empty lock. */
    public static VersionLock read(Path file) throws DeployException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new DeployException("cannot read the version lock " + file + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = JsonMapper.builder().build().readTree(text);
        } catch (JacksonException e) {
            throw new DeployException("the version lock " + file + " is not JSON (" + e.getOriginalMessage()
                    + "); fix it or delete it and run dac lock");
        }
        if (!json.isObject()) {
            throw new DeployException("the version lock " + file + " must be a JSON object of rule_id to entry");
        }
        Map<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> property : json.properties()) {
            JsonNode e = property.getValue();
            if (!e.path("version").isIntegralNumber() || !e.path("sha256").isString()) {
                throw new DeployException("the version lock " + file + " has an entry for " + property.getKey()
                        + " without an integer version and a sha256; fix it or run dac lock");
            }
            entries.put(property.getKey(), new Entry(e.path("rule_name").asString(""), e.path("sha256").asString(),
                    e.path("type").asString(""), e.path("version").asInt(),
                    e.hasNonNull("min_stack_version") ? e.path("min_stack_version").asString() : null));
        }
        return new VersionLock(entries);
    }

    /** The version a rule with this content hash gets. */
    public Resolved resolve(String ruleId, String sha256, Integer fileVersion) {
        Entry entry = entries.get(ruleId);
        if (entry == null) {
            return new Resolved(fileVersion == null ? 1 : fileVersion, Source.UNLOCKED, null);
        }
        return entry.sha256().equals(sha256) ? new Resolved(entry.version(), Source.LOCKED, entry.version())
                : new Resolved(entry.version() + 1, Source.BUMPED, entry.version());
    }

    /** This lock with the rule recorded at its resolved version and current hash. */
    public VersionLock with(String ruleId, Entry entry) {
        Map<String, Entry> next = new TreeMap<>(entries);
        next.put(ruleId, entry);
        return new VersionLock(next);
    }

    /** The lock as detection-rules writes it: keys sorted, two-space indent, a final newline. */
    public String toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        entries.forEach((ruleId, e) -> {
            ObjectNode node = root.putObject(ruleId);
            if (e.minStackVersion() != null) {
                node.put("min_stack_version", e.minStackVersion());
            }
            node.put("rule_name", e.ruleName());
            node.put("sha256", e.sha256());
            node.put("type", e.type());
            node.put("version", e.version());
        });
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** Writes the lock through a temporary file beside it, so a failure leaves the old lock whole. */
    public void write(Path file) throws DeployException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is hidden and replaced on the next run
            }
            throw new DeployException("cannot write the version lock " + file + ": " + e.getMessage()
                    + "; the old lock is unchanged");
        }
    }

    /** detection-rules' {@code utils.dict_hash}. */
    static String hash(JsonNode body) {
        byte[] json = PythonJson.dumps(body).getBytes(StandardCharsets.UTF_8);
        byte[] base64 = Base64.getEncoder().encode(json);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(base64);
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
