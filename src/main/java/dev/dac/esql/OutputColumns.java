package dev.dac.esql;

import dev.dac.rule.NamePattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns an ES|QL query returns, as far as the query text tells. {@code known} are columns it names;
 * {@code sourcePatterns} say which columns of the source indices may also come through (empty when none can, as
 * after STATS or a KEEP of plain names), since the index mappings are not known here.
 */
public record OutputColumns(Set<String> known, List<Pattern> sourcePatterns) {

    public OutputColumns {
        known = Collections.unmodifiableSet(new LinkedHashSet<>(known));
        sourcePatterns = List.copyOf(sourcePatterns);
    }

    /** True when the query names every column it returns. */
    public boolean isClosed() {
        return sourcePatterns.isEmpty();
    }

    /** True when {@code column} is, or may be, one of the output columns. */
    public boolean mayContain(String column) {
        return known.contains(column) || sourcePatterns.stream().anyMatch(p -> p.matcher(column).matches());
    }

    /** An ES|QL name pattern such as {@code Esql.*} as a regular expression. */
    public static Pattern wildcard(String pattern) {
        return NamePattern.compile(pattern);
    }

    static List<Pattern> anything() {
        return new ArrayList<>(List.of(Pattern.compile(".*")));
    }
}
