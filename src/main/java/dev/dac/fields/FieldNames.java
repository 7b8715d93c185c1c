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
     * edits, or one edit in five characters for long names (a transposition counts as one).
     */
    public static Optional<String> closest(String name, Collection<String> known) {
        int limit = Math.max(2, name.length() / 5);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (Math.abs(candidate.length() - name.length()) > limit) {
                continue;
            }
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= limit && bestDistance > 0 ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein with adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
