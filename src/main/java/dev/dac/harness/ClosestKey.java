package dev.dac.harness;

import java.util.Collection;
import java.util.Optional;

/** The allowed key a misspelt one most likely meant: the fewest edits, a swap of two letters counting as one. */
final class ClosestKey {

    private ClosestKey() {}

    static Optional<String> among(String typed, Collection<String> allowed) {
        String best = null;
        int fewest = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int edits = edits(typed.toLowerCase(java.util.Locale.ROOT), candidate);
            if (edits < fewest) {
                fewest = edits;
                best = candidate;
            }
        }
        return fewest <= Math.max(2, typed.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    private static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int substitution = d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                d[i][j] = Math.min(substitution, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
