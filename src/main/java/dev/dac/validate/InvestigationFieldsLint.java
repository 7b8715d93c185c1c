package dev.dac.validate;

import dev.dac.esql.OutputColumns;
import dev.dac.rule.InvestigationFields;
import dev.dac.rule.RuleFile;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ES|QL alert carries the query's output columns; an investigation field that is not among them shows up empty
 * for every alert. A non-aggregating query with METADATA _id gets the whole source document merged into its alert,
 * so there only Esql.* names, which the query alone creates, can be checked; an aggregating query's alert holds just
 * its row, so every name is checked against the columns the query text fixes (STATS, KEEP). {@code @timestamp} is
 * on every alert.
 */
final class InvestigationFieldsLint implements RuleLint {

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        InvestigationFields fields = model.rule().common().investigationFields();
        if (fields == null) {
            return;
        }
        rule.queries().esql().ifPresent(analysis -> {
            OutputColumns output = analysis.output();
            boolean sourceMerged = !analysis.aggregates() && analysis.metadataFields().contains("_id");
            // the columns Elasticsearch returned, when it verified the query, are the ones the alert carries
            Set<String> engineColumns = rule.queries().esqlEngineColumns()
                    .map(c -> (Set<String>) new java.util.LinkedHashSet<>(c)).orElse(null);
            List<String> names = fields.fieldNames();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                boolean esqlName = name.startsWith("Esql.") || name.startsWith("Esql_priv.");
                boolean produced;
                if (name.equals("@timestamp")) {
                    // Kibana writes @timestamp (the alert's creation time) on every alert, whatever the query keeps;
                    // x-pack/.../rule_types/factories/utils/build_alert.ts
                    produced = true;
                } else if (engineColumns != null) {
                    produced = (sourceMerged && !esqlName) || matchesAny(name, engineColumns);
                } else if (esqlName) {
                    produced = matchesAny(name, output.known())
                            || (!output.isClosed() && matchesAny(name, analysis.createdColumns()));
                } else {
                    produced = sourceMerged || output.mayContain(name) || matchesAny(name, output.known());
                }
                if (!produced) {
                    findings.add(rule.findingAt(Check.INVESTIGATION_FIELD_NOT_PRODUCED,
                            "/rule/investigation_fields/field_names/" + i,
                            "investigation field '" + name + "' is not a column of the query's output"
                                    + (engineColumns != null ? describe(engineColumns) : describe(output))
                                    + "; name an output column or add it to the query"));
                }
            }
        });
    }

    /** Investigation field names may be patterns such as {@code Esql.*}. */
    private static boolean matchesAny(String name, Set<String> columns) {
        if (!name.contains("*")) {
            return columns.contains(name);
        }
        Pattern pattern = OutputColumns.wildcard(name);
        return columns.stream().anyMatch(c -> pattern.matcher(c).matches());
    }

    static String describe(OutputColumns output) {
        if (!output.isClosed() || output.known().isEmpty()) {
            return "";
        }
        return describe(output.known());
    }

    private static String describe(Set<String> known) {
        String columns = String.join(", ", known);
        return " (" + (columns.length() > 200 ? columns.substring(0, 197) + "..." : columns) + ")";
    }
}
