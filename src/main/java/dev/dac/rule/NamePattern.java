package dev.dac.rule;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A name with {@code *} wildcards, as index patterns and ES|QL column patterns are written. */
public final class NamePattern {

    private NamePattern() {}

    /** The pattern as a regular expression matching whole names; every character but {@code *} is literal. */
    public static Pattern compile(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1))
                .map(part -> part.isEmpty() ? "" : Pattern.quote(part))
                .collect(Collectors.joining(".*")));
    }
}
