package dev.dac.engine;

import dev.dac.load.DataViews;
import dev.dac.load.RuleLoadException;
import dev.dac.rule.Rule;
import dev.dac.rule.TypeFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The indices a rule searches, as Kibana picks them (rule_types/utils/get_input_output_index.ts): the data view's
 * title when the rule names a data_view_id (a run fails when the data view is unknown), else the rule's index, else
 * Kibana's default security index patterns. Never the alerts index by accident.
 */
final class InputIndex {

    /** Kibana's securitySolution:defaultIndex out of the box (common/constants.ts DEFAULT_INDEX_PATTERN). */
    static final List<String> KIBANA_DEFAULT = List.of("apm-*-transaction*", "auditbeat-*", "endgame-*", "filebeat-*",
            "logs-*", "packetbeat-*", "traces-apm*", "winlogbeat-*", "-*elastic-cloud-logs-*");

    private InputIndex() {}

    /** {@code rule} with the index its executor searches filled in; {@code ruleFile} finds its data views. */
    static Rule resolve(Rule rule, Path ruleFile) throws RuleExecutionException {
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.QueryFields q) {
            return with(rule, new TypeFields.QueryFields(q.language(), q.query(),
                    indices(q.index(), q.dataViewId(), ruleFile), q.dataViewId()));
        }
        if (fields instanceof TypeFields.NewTermsFields n) {
            return with(rule, new TypeFields.NewTermsFields(n.language(), n.query(),
                    indices(n.index(), n.dataViewId(), ruleFile), n.dataViewId(), n.newTerms()));
        }
        if (fields instanceof TypeFields.ThresholdFields t) {
            return with(rule, new TypeFields.ThresholdFields(t.language(), t.query(),
                    indices(t.index(), t.dataViewId(), ruleFile), t.dataViewId(), t.threshold()));
        }
        return rule;
    }

    private static Rule with(Rule rule, TypeFields fields) {
        return new Rule(rule.common(), fields, rule.settings());
    }

    private static List<String> indices(List<String> index, String dataViewId, Path ruleFile)
            throws RuleExecutionException {
        if (dataViewId != null && !dataViewId.isEmpty()) {
            Optional<DataViews.DataView> view;
            try {
                view = DataViews.find(ruleFile, dataViewId);
            } catch (RuleLoadException e) {
                throw new RuleExecutionException(e.getMessage());
            }
            return view.map(DataViews.DataView::indices).orElseThrow(() -> new RuleExecutionException(
                    DataViews.notFoundMessage(dataViewId) + " (dac looks for data_views/" + dataViewId
                            + ".toml at or above the rule's folder; write title = \"<index patterns>\" there)"));
        }
        return index.isEmpty() ? KIBANA_DEFAULT : index;
    }
}
