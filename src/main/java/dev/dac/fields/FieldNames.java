package dev.dac.fields;

import dev.dac.rule.NamePattern;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Matching and spelling of dotted field names: a name with {@code *} against the known ones, and the closest name. */
public final class FieldNames {

    private FieldNames() {}

    /** A test for known names that {@code name} (literal, or with {@code *} wildcards) names. */
    static Predicate<String> matcher(String name) {
        if (!name.contains("*")) {
            return name::equals;
        }
        Pattern pattern = NamePattern.compile(name);
        return known -> pattern.matcher(known).matches();
    }

    /**
     * The known name closest in spelling to {@code name}, when it is close enough to be what was meant: at most two
     * edits, three for names of 15 characters or more (a transposition counts as one).
     */
    public static Optional<String> closest(String name, Collection<String> known) {
        int limit = name.length() >= 15 ? 3 : 2;
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : known) {
            if (Math.abs(candidate.length() - name.length()) >= bestDistance) {
                continue;
            }
            int distance = distance(name, candidate, bestDistance - 1);
            if (distance < bestDistance && distance > 0) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Optimal string alignment distance (Levenshtein with adjacent transpositions), or {@code limit + 1} as soon as
     * it must exceed {@code limit}: most known names are far from a typo, and stop after a few rows.
     */
    static int distance(String a, String b, int limit) {
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        int previousRowMin = 0;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, beforePrevious[j - 2] + 1);
                }
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            // each later row is at least min(this row, the row before + 1), as a transposition reaches back two rows
            if (Math.min(rowMin, previousRowMin + 1) > limit) {
                return limit + 1;
            }
            previousRowMin = rowMin;
            int[] oldest = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = oldest;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}
