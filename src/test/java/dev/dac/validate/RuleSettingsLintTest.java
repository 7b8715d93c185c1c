package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator speaks up where a rule setting cannot work or where dac test does not reproduce it exactly. */
class RuleSettingsLintTest {

    @TempDir
    Path dir;

    private static final String QUERY_INDEX = "index = [\"logs-okta*\"]\n";

    @Test
    void aFilterWithoutAClauseIsAnErrorNamingTheFilter() {
        String text = RuleTexts.sample("query") + "\n[[rule.filters]]\n[rule.filters.meta]\nnegate = false\n"
                + "[rule.filters.query.match_phrase]\n\"user.name\" = \"x\"\n\n[[rule.filters]]\n"
                + "[rule.filters.meta]\nnegate = true\n";

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Check.FILTER_NOT_A_QUERY);
            assertThat(f.isError()).isTrue();
            assertThat(f.message()).contains("filters[1] has no query clause");
        });
    }

    @Test
    void wellFormedFiltersOfEveryKindRaiseNothing() {
        String text = RuleTexts.sample("query") + "\n[[rule.filters]]\n[rule.filters.exists]\nfield = \"user.name\"\n"
                + "[rule.filters.meta]\nnegate = true\n\n[[rule.filters]]\n[rule.filters.meta]\ndisabled = true\n";

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).noneMatch(f -> f.check() == Check.FILTER_NOT_A_QUERY);
    }

    @Test
    void aDataViewTheRepositoryDoesNotDefineIsAWarningWithKibanasMessage() {
        String text = RuleTexts.replace(RuleTexts.sample("query"), QUERY_INDEX, "data_view_id = \"okta-view\"\n");

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Check.DATA_VIEW_UNKNOWN);
            assertThat(f.isError()).isFalse();
            assertThat(f.message()).contains("Data View not found Error: Saved object [index-pattern/okta-view]"
                    + " not found");
        });
    }

    @Test
    void aDataViewDefinedBesideTheRulesFolderIsFound() {
        String text = RuleTexts.replace(RuleTexts.sample("query"), QUERY_INDEX, "data_view_id = \"okta-view\"\n");
        RuleTexts.write(dir, "data_views/okta-view.toml", "title = \"logs-okta*\"\n");

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/identity/rule.toml", text));

        assertThat(report.findings()).noneMatch(f -> f.check() == Check.DATA_VIEW_UNKNOWN);
    }

    @Test
    void aDataViewFileWithoutATitleIsReported() {
        String text = RuleTexts.replace(RuleTexts.sample("query"), QUERY_INDEX, "data_view_id = \"okta-view\"\n");
        RuleTexts.write(dir, "data_views/okta-view.toml", "name = \"Okta\"\n");

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Check.DATA_VIEW_UNKNOWN);
            assertThat(f.message()).contains("data view okta-view has no title");
        });
    }

    @Test
    void esqlSuppressionSaysDacCountsFewerRows() {
        String text = RuleTexts.sample("esql") + "\n[rule.alert_suppression]\ngroup_by = [\"user.name\"]\n"
                + "missing_fields_strategy = \"suppress\"\n";

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Check.SETTING_NOT_EMULATED);
            assertThat(f.message()).contains("max_signals + 1 rows");
        });
    }

    @Test
    void newTermsSuppressionSaysDacSuppressesFewerTerms() {
        String text = RuleTexts.sample("new_terms") + "\n[rule.alert_suppression]\ngroup_by = [\"host.id\"]\n"
                + "missing_fields_strategy = \"suppress\"\n";

        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml", text));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Check.SETTING_NOT_EMULATED);
            assertThat(f.message()).contains("five times max_signals");
        });
    }

    @Test
    void querySuppressionIsReproducedAndRaisesNothing() {
        ValidationReport report = RuleTexts.validate(RuleTexts.write(dir, "rules/rule.toml",
                RuleTexts.sample("query")));

        assertThat(report.findings()).noneMatch(f -> f.check() == Check.SETTING_NOT_EMULATED);
    }
}
