package dev.dac.validate;

import dev.dac.rule.RuleFile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The investigation guide sends analysts to Esql.* columns by name. When the query is edited and the note is not,
 * the guide points at columns that do not exist; only the query creates Esql.* names, so this can be checked exactly.
 */
final class NoteColumnsLint implements RuleLint {

    private static final Pattern ESQL_COLUMN = Pattern.compile("\\bEsql(?:_priv)?\\.[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*");

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        String note = model.rule().common().note();
        if (note == null) {
            return;
        }
        rule.queries().esql().ifPresent(analysis -> {
            // the columns Elasticsearch returned when it verified the query, else those the query text creates
            Set<String> produced = rule.queries().esqlEngineColumns().<Set<String>>map(LinkedHashSet::new)
                    .orElse(analysis.createdColumns());
            Map<String, Integer> mentioned = mentions(note);
            mentioned.forEach((column, lineInNote) -> {
                if (!produced.contains(column)) {
                    findings.add(rule.findingInString(Check.NOTE_NAMES_MISSING_COLUMN, "/rule/note", lineInNote,
                            "note names column '" + column + "', which the query never produces" + suggestion(
                                    column, produced)));
                }
            });
        });
    }

    /** Each distinct Esql.* name in the note, with the note line of its first mention. */
    private static Map<String, Integer> mentions(String note) {
        Map<String, Integer> mentioned = new LinkedHashMap<>();
        String[] lines = note.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ESQL_COLUMN.matcher(lines[i]);
            while (m.find()) {
                mentioned.putIfAbsent(m.group(), i + 1);
            }
        }
        return mentioned;
    }

    /** Points at the produced column sharing the longest prefix, which is usually the one meant. */
    private static String suggestion(String column, Set<String> produced) {
        String best = null;
        int bestLength = 0;
        for (String candidate : produced) {
            int common = 0;
            while (common < Math.min(candidate.length(), column.length())
                    && candidate.charAt(common) == column.charAt(common)) {
                common++;
            }
            if (common > bestLength) {
                bestLength = common;
                best = candidate;
            }
        }
        return best != null && bestLength > "Esql.".length() + 3 ? "; did you mean '" + best + "'?" : "";
    }
}
