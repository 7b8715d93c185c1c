package dev.dac.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The project's real rule files and the per-type samples, as text for tests to mutate. */
public final class RuleTexts {

    public static final Path SEEDS = Path.of("rules/integrations/aws");
    public static final Path NEW_IP_RULE =
            SEEDS.resolve("credential_access_iam_long_term_access_key_first_seen_from_source_ip.toml");
    public static final Path CORRELATION_RULE =
            SEEDS.resolve("credential_access_iam_long_term_access_key_correlated_with_elevated_alerts.toml");
    public static final Path TYPE_SAMPLES = Path.of("src/test/resources/dev/dac/types");

    private RuleTexts() {}

    public static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sample(String type) {
        return read(TYPE_SAMPLES.resolve(type + ".toml"));
    }

    /** {@code text} with {@code from} replaced by {@code to}; fails if {@code from} is absent, so a test cannot pass vacuously. */
    public static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new AssertionError("test setup: text does not contain [" + from + "]");
        }
        return text.replace(from, to);
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ValidationReport validate(Path... paths) {
        return new RuleValidator().validate(List.of(paths)).report();
    }

    /** {@code text} checked as the rule file at {@code path} would be, as the only rule. */
    public static RuleSet checked(Path path, String text) {
        return new RuleValidator().validateText(path, text);
    }
}
