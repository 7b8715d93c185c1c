package dev.dac.validate;

import dev.dac.kql.QueryFilters;
import dev.dac.load.DataViews;
import dev.dac.load.RuleLoadException;
import dev.dac.rule.RuleFile;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.RuleType;
import dev.dac.rule.TypeFields;
import java.util.List;
import java.util.Optional;

/**
 * The rule settings dac test applies as Kibana does, checked where a setting cannot work or where dac's emulation
 * falls short: filters that are no query clause, a data_view_id the repository does not define, and ES|QL and new
 * terms suppression counted over fewer events than Kibana reads. Nothing is ignored without a word.
 */
final class RuleSettingsLint implements RuleLint {

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        RuleSettings settings = model.rule().settings();
        Optional<String> filterProblem = new QueryFilters(settings.filters()).problem();
        filterProblem.ifPresent(problem -> findings.add(rule.findingAt(Check.FILTER_NOT_A_QUERY, "/rule/filters",
                "rule " + problem)));
        dataViewId(model).ifPresent(id -> {
            try {
                if (DataViews.find(model.path(), id).isEmpty()) {
                    findings.add(rule.findingAt(Check.DATA_VIEW_UNKNOWN, "/rule/data_view_id", "data view '" + id
                            + "' is not defined in the repository (no data_views/" + id + ".toml at or above the"
                            + " rule's folder); dac test fails the rule with Kibana's message: "
                            + DataViews.notFoundMessage(id)));
                }
            } catch (RuleLoadException e) {
                findings.add(rule.findingAt(Check.DATA_VIEW_UNKNOWN, "/rule/data_view_id", e.getMessage()));
            }
        });
        if (settings.alertSuppression() != null && model.rule().type() == RuleType.ESQL) {
            findings.add(rule.findingAt(Check.SETTING_NOT_EMULATED, "/rule/alert_suppression", "dac test reads at"
                    + " most max_signals + 1 rows of the ES|QL query per execution, so docs_count of a suppressed"
                    + " alert counts only those rows; Kibana reads more rows when it suppresses"));
        }
        if (settings.alertSuppression() != null && model.rule().type() == RuleType.NEW_TERMS) {
            findings.add(rule.findingAt(Check.SETTING_NOT_EMULATED, "/rule/alert_suppression", "dac test suppresses"
                    + " the alerts of at most max_signals new terms per execution; Kibana goes on until created and"
                    + " suppressed alerts reach five times max_signals (MAX_SIGNALS_SUPPRESSION_MULTIPLIER), so with"
                    + " more new terms than max_signals docs_count is lower in dac"));
        }
    }

    private static Optional<String> dataViewId(RuleFile model) {
        TypeFields fields = model.rule().typeFields();
        String id = fields instanceof TypeFields.QueryFields q ? q.dataViewId()
                : fields instanceof TypeFields.NewTermsFields n ? n.dataViewId()
                : fields instanceof TypeFields.ThresholdFields t ? t.dataViewId()
                : fields instanceof TypeFields.EqlFields e ? e.dataViewId()
                : fields instanceof TypeFields.ThreatMatchFields m ? m.dataViewId() : null;
        return Optional.ofNullable(id).filter(s -> !s.isEmpty());
    }
}
