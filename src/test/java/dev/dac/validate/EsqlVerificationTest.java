package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.cluster.LentNode;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.PatternMappings;
import dev.dac.harness.junit.DacElasticsearch;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ES|QL verification in validation, on a real Elasticsearch: each finding code, at the right line of the file. */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
class EsqlVerificationTest {

    private static final PatternMappings MAPPINGS = new PatternMappings(FieldCatalog.builtIn());

    @TempDir
    Path dir;

    private ValidationReport verify(RunningElasticsearch es, List<String> notices, Path... paths) {
        EsqlVerification esql = EsqlVerification.on(LentNode.of(es, "the test node"), true, "the test node", MAPPINGS, notices::add);
        return new RuleValidator(Clock.systemUTC(), dev.dac.fields.FieldCatalog.builtIn(), Optional.of(esql)).validate(List.of(paths)).report();
    }

    private ValidationReport verify(RunningElasticsearch es, Path... paths) {
        return verify(es, new ArrayList<>(), paths);
    }

    /** The 1-based line of {@code file} holding {@code text}. */
    private static int lineOf(Path file, String text) {
        List<String> lines = RuleTexts.read(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("test setup: " + file + " has no line with [" + text + "]");
    }

    private static List<Finding> withCode(ValidationReport report, String code) {
        return report.findings().stream().filter(f -> f.check().code().equals(code)).toList();
    }

    /** The seed correlation rule with {@code from} replaced, and min_stack_version set to {@code stack}. */
    private Path correlation(String name, String stack, String from, String to) {
        String text = RuleTexts.replace(RuleTexts.read(RuleTexts.CORRELATION_RULE), "min_stack_version = \"9.2.0\"",
                "min_stack_version = \"" + stack + "\"");
        return RuleTexts.write(dir, name, RuleTexts.replace(text, from, to));
    }

    /** The sample ES|QL rule over {@code from} with {@code query} (lines after FROM). */
    private Path sample(String name, String from, String query) {
        String text = RuleTexts.replace(RuleTexts.sample("esql"), """
                from logs-aws.cloudtrail-* METADATA _id, _version, _index
                | where event.action == "ConsoleLogin" and aws.cloudtrail.user_identity.type == "Root"
                | eval Esql.login_user = user.name
                | keep _id, _version, _index, Esql.login_user, source.ip, @timestamp
                """, from + " METADATA _id, _version, _index\n" + query + "\n");
        return RuleTexts.write(dir, name, text);
    }

    @Test
    void shippedRulesPassAndTheNoteIsCheckedAgainstTheEnginesColumns(RunningElasticsearch es) {
        List<String> notices = new ArrayList<>();
        ValidationReport report = verify(es, notices, Path.of("rules"));

        assertThat(report.errors()).isEmpty();
        assertThat(report.findings()).extracting(f -> f.check().code())
                .doesNotContain("DAC140", "DAC141", "DAC142", "DAC143", "DAC144", "DAC145", "DAC146", "DAC147");
        assertThat(withCode(report, "DAC123")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'Esql.alert_count_other_elevated'")
                        .contains("did you mean 'Esql.alert_count_other_elevated_rule'"));
        assertThat(notices).anySatisfy(n -> assertThat(n).contains("verifying 1 ES|QL query"));
    }

    @Test
    void brokenSeedRuleFailsAtTheLinesOfTheFile(RunningElasticsearch es) {
        Path syntax = correlation("syntax.toml", "8.18.0", "| where Esql.alert_count_long_term_key_new_ip_rule > 0",
                "| wher Esql.alert_count_long_term_key_new_ip_rule > 0");
        Path function = correlation("function.toml", "8.18.0", "VALUES(kibana.alert.rule.name)",
                "VALUEZ(kibana.alert.rule.name)");
        Path column = correlation("column.toml", "8.18.0", "VALUES(kibana.alert.rule.rule_id)",
                "VALUES(kibana.alert.rule.rule_idd)");

        ValidationReport syntaxReport = verify(es, syntax);
        assertThat(withCode(syntaxReport, "DAC140")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(syntax, "| wher Esql."));
            assertThat(f.message()).contains("mismatched input 'wher'").contains("(column 3)");
        });
        ValidationReport functionReport = verify(es, function);
        assertThat(withCode(functionReport, "DAC142")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(function, "VALUEZ("));
            assertThat(f.message()).contains("Unknown function [VALUEZ]");
        });
        ValidationReport columnReport = verify(es, column);
        assertThat(withCode(columnReport, "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(column, "rule_idd)"));
            assertThat(f.message()).contains("Unknown column [kibana.alert.rule.rule_idd]");
        });
    }

    @Test
    void aRuleForANewerStackHasVersionBoundRefusalsAsWarnings(RunningElasticsearch es) {
        // the seed rule as shipped needs 9.2.0; the test node is 8.19. A function 8.19 lacks may be a newer stack's
        // (a warning); one a typo away from a function 8.19 has is misspelt on any stack (an error)
        Path newFunction = correlation("new_function.toml", "9.2.0", "VALUES(kibana.alert.rule.name)",
                "SEMANTIC_SUMMARY(kibana.alert.rule.name)");
        Path function = correlation("function.toml", "9.2.0", "VALUES(kibana.alert.rule.name)",
                "VALUEZ(kibana.alert.rule.name)");
        Path typo = correlation("typo.toml", "99.0.0", "| where Esql.alert_count_long_term_key_new_ip_rule > 0",
                "| wher Esql.alert_count_long_term_key_new_ip_rule > 0");
        Path newCommand = correlation("new_command.toml", "99.0.0",
                "| where Esql.alert_count_long_term_key_new_ip_rule > 0",
                "| fork (where Esql.alert_count_long_term_key_new_ip_rule > 0)");

        List<String> notices = new ArrayList<>();
        ValidationReport newFunctionReport = verify(es, notices, newFunction);
        assertThat(newFunctionReport.errors()).isEmpty();
        // why the rule was not verified on a newer stack, and how it could be, is said once
        assertThat(notices).filteredOn(n -> n.contains("DAC146")).singleElement().satisfies(n -> assertThat(n)
                .contains("1 ES|QL rule needs a stack newer than Elasticsearch " + es.version())
                .contains("min_stack_version up to 9.2.0").contains("ES_URL")
                .contains("Maven Central publishes no ES|QL compute engine"));
        assertThat(withCode(newFunctionReport, "DAC146")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(newFunction, "SEMANTIC_SUMMARY("));
            assertThat(f.message()).contains("Elasticsearch " + es.version())
                    .contains("min_stack_version 9.2.0").contains("Unknown function [SEMANTIC_SUMMARY]");
        });
        List<String> functionNotices = new ArrayList<>();
        assertThat(withCode(verify(es, functionNotices, function), "DAC142")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(function, "VALUEZ("));
            assertThat(f.message()).contains("Unknown function [VALUEZ]");
        });
        assertThat(functionNotices).noneMatch(n -> n.contains("DAC146"));
        // a word at a command's place that no ES|QL version has is a typo on any stack
        assertThat(withCode(verify(es, typo), "DAC140")).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(lineOf(typo, "| wher Esql.")));
        ValidationReport newCommandReport = verify(es, newCommand);
        assertThat(newCommandReport.errors()).isEmpty();
        assertThat(withCode(newCommandReport, "DAC146")).isNotEmpty();
    }

    @Test
    void typeMismatchIsAnErrorOverKnownIndices(RunningElasticsearch es) {
        Path rule = sample("types.toml", "from logs-aws.cloudtrail-*", "| where source.ip == 5");
        assertThat(withCode(verify(es, rule), "DAC144")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(rule, "| where source.ip == 5"));
            assertThat(f.message()).contains("(column 9)");
        });
    }

    @Test
    void unknownColumnOverIndicesDacDoesNotFullyKnowIsAWarning(RunningElasticsearch es) {
        // an Okta field dac's table lacks may come from a newer package; a misspelt ECS field cannot
        Path integrationField = sample("okta.toml", "from logs-okta.system-*", "| where okta.no_such_field == \"x\"");
        Path ecsTypo = sample("ecs.toml", "from logs-okta.system-*", "| where source.ipp == \"x\"");
        Path unknownIndex = sample("nothing_known.toml", "from other-index-*", "| where foo == \"x\"");

        assertThat(withCode(verify(es, integrationField), "DAC145")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isFalse();
            assertThat(f.message()).contains("Unknown column [okta.no_such_field]").contains("logs-okta.system-*");
        });
        assertThat(withCode(verify(es, ecsTypo), "DAC141")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Unknown column [source.ipp]"));
        ValidationReport nothing = verify(es, unknownIndex);
        assertThat(nothing.errors()).isEmpty();
        assertThat(withCode(nothing, "DAC145")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Unknown column [foo]"));
    }

    /**
     * From the public corpus (elastic/detection-rules, 206 production ES|QL rules): integrations extend ECS field
     * sets (aws_bedrock writes gen_ai.policy.*), and alerts carry fields of their source (job_id of an ML alert) that
     * dac's templates do not list. Far from every known name, such a column is a warning; a typo is an error.
     */
    @Test
    void aColumnFarFromEveryKnownNameIsAWarningEvenInAnEcsFieldSetOrATemplate(RunningElasticsearch es) {
        Path extension = sample("bedrock.toml", "from logs-aws_bedrock.invocation-*",
                "| where gen_ai.policy.name == \"x\"");
        Path alertField = sample("ml_alert.toml", "from .alerts-security.*", "| where job_id == \"x\"");
        Path alertTypo = sample("alert_typo.toml", "from .alerts-security.*",
                "| where kibana.alert.rule.nme == \"x\"");

        for (Path rule : List.of(extension, alertField)) {
            ValidationReport report = verify(es, rule);
            assertThat(report.errors()).as(rule.toString()).isEmpty();
            assertThat(withCode(report, "DAC145")).as(rule.toString()).singleElement();
        }
        assertThat(withCode(verify(es, alertTypo), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.message()).contains("Unknown column [kibana.alert.rule.nme]");
        });
    }

    /**
     * Elasticsearch stops resolving at the commands that read a column it lacks: a typo after a column dac cannot
     * judge is found by asking again with that column stood in for. A field under a known one
     * (gen_ai.request.model.id under gen_ai.request.model) is an integration's, not a typo.
     */
    @Test
    void aTypoBehindAColumnDacCannotJudgeIsStillFound(RunningElasticsearch es) {
        Path rule = sample("hidden.toml", "from logs-aws_bedrock.invocation-*",
                "| where gen_ai.policy.name == \"x\" and gen_ai.request.model.id == \"y\"\n"
                        + "| stats c = count(*) by source.ipp");
        ValidationReport report = verify(es, rule);

        assertThat(withCode(report, "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| stats c = count(*) by source.ipp"));
            assertThat(f.message()).contains("Unknown column [source.ipp]");
        });
        assertThat(withCode(report, "DAC145")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("gen_ai.policy.name"))
                .anySatisfy(m -> assertThat(m).contains("gen_ai.request.model.id"));
    }

    /** The typo behind four columns dac cannot judge, each found by an ask of its own (aws_bedrock's gen_ai.*). */
    @Test
    void aTypoBehindManyColumnsDacCannotJudgeIsFound(RunningElasticsearch es) {
        Path rule = sample("many.toml", "from logs-aws_bedrock.invocation-*", """
                | mv_expand gen_ai.compliance.violation_code
                | mv_expand gen_ai.policy.confidence
                | mv_expand gen_ai.policy.name
                | mv_expand gen_ai.policy.action
                | keep user.idx, gen_ai.policy.name""");

        assertThat(withCode(verify(es, rule), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| keep user.idx"));
            assertThat(f.message()).contains("Unknown column [user.idx]");
        });
    }

    /**
     * A column dac cannot judge that the query compares with a number is stood in for by a number: a keyword there
     * would be a type refusal, which stops Elasticsearch before the typo as the missing column did.
     */
    @Test
    void aTypoBehindAColumnComparedWithANumberIsFound(RunningElasticsearch es) {
        Path rule = sample("numeric.toml", "from logs-aws_bedrock.invocation-*", """
                | where gen_ai.policy.confidence_score >= 0.7
                | stats c = count(*) by user.namex""");

        assertThat(withCode(verify(es, rule), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| stats c = count(*) by user.namex"));
            assertThat(f.message()).contains("Unknown column [user.namex]");
        });
    }

    /** The same through an EVAL alias of the column, read with IN and a list of numbers. */
    @Test
    void aTypoBehindAnAliasOfAColumnDacCannotJudgeIsFound(RunningElasticsearch es) {
        Path rule = sample("alias.toml", "from logs-aws_bedrock.invocation-*", """
                | eval Esql.code = gen_ai.guardrail.code
                | where Esql.code in (401, 403)
                | stats c = count(*) by source.ipp""");

        assertThat(withCode(verify(es, rule), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| stats c = count(*) by source.ipp"));
            assertThat(f.message()).contains("Unknown column [source.ipp]");
        });
    }

    /**
     * A typo in the name a STATS gives a column ({@code source.ipx = VALUES(source.ip)}) leaves a later KEEP of the
     * right name unknown, a mistake whatever the indices hold; a stood-in column a STATS groups by stays known.
     */
    @Test
    void aColumnTheQueryItselfDropsIsAnErrorBehindAColumnDacCannotJudge(RunningElasticsearch es) {
        // a pipe in a comment before the first command's pipe does not take the stand-ins
        Path rule = sample("dropped.toml", "from logs-aws_bedrock.invocation-*", """
                // values | by policy | keep
                | stats source.ipx = values(source.ip) by gen_ai.policy.name
                | where gen_ai.policy.name == "content_policy"
                | keep gen_ai.policy.name, source.ip""");
        ValidationReport report = verify(es, rule);

        assertThat(withCode(report, "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| keep gen_ai.policy.name, source.ip"));
            assertThat(f.message()).contains("Unknown column [source.ip]");
        });
        assertThat(withCode(report, "DAC145")).extracting(Finding::message)
                .allSatisfy(m -> assertThat(m).contains("gen_ai.policy.name"));
    }

    /**
     * A function the follow-up asks meet is the query's own problem; for a rule needing 9.3, 9.3's MV_CONTAINS on 8.19
     * is a DAC146 warning, not a misspelt ST_CONTAINS (another family of functions).
     */
    @Test
    void aNewerStacksFunctionBehindAColumnDacCannotJudgeIsAVersionWarning(RunningElasticsearch es) {
        Path sample = sample("newer_sample.toml", "from logs-aws_bedrock.invocation-*", """
                | where gen_ai.policy.name == "content_policy"
                | where mv_contains(gen_ai.policy.name, "x")
                | stats c = count(*) by user.name""");
        Path rule = RuleTexts.write(dir, "newer.toml", RuleTexts.replace(RuleTexts.read(sample),
                "maturity = \"production\"", "maturity = \"production\"\nmin_stack_version = \"9.3.0\""));
        ValidationReport report = verify(es, rule);

        assertThat(report.errors()).isEmpty();
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "| where mv_contains("));
            assertThat(f.message()).contains("min_stack_version 9.3.0").contains("Unknown function [mv_contains]");
        });
    }

    /** The sample ES|QL rule over {@code from} with {@code query}, needing stack {@code stack}. */
    private Path newer(String name, String stack, String from, String query) {
        Path sample = sample(name, from, query);
        return RuleTexts.write(dir, name, RuleTexts.replace(RuleTexts.read(sample), "maturity = \"production\"",
                "maturity = \"production\"\nmin_stack_version = \"" + stack + "\""));
    }

    /** After elastic/detection-rules' multiple_elastic_defend_behavior_rules_same_host_prevalence (9.3). */
    private static final String PREVALENCE = """
            | where data_stream.dataset == "endpoint.alerts" and event.code == "behavior"
            | INLINE STATS hosts = COUNT_DISTINCT(host.id) BY rule.name
            // excludes rules triggering on multiple hosts
            | where hosts == 1
            | stats Esql.rule_name_count_distinct = COUNT_DISTINCT(rule.name),
                    Esql.user_name_values = VALUES(user.name) by host.id
            | where Esql.rule_name_count_distinct >= 2""";

    /**
     * A rule needing 9.3 is verified on 8.19 as far as it can be: its INLINE STATS (which 8.19 cannot parse) stood in
     * for by an EVAL of the columns it adds, so a typo before it or after it is an error at its line, and the rule as
     * written stays a DAC146 warning that says how far it was verified.
     */
    @Test
    void aNewerStacksRuleIsVerifiedAroundItsInlineStats(RunningElasticsearch es) {
        Path asWritten = newer("prevalence.toml", "9.3.0", "from logs-endpoint.alerts-*", PREVALENCE);
        Path before = newer("before.toml", "9.3.0", "from logs-endpoint.alerts-*",
                PREVALENCE.replace("event.code == ", "event.codex == "));
        Path after = newer("after.toml", "9.3.0", "from logs-endpoint.alerts-*",
                PREVALENCE.replace("VALUES(user.name)", "VALUES(user.namex)"));

        ValidationReport report = verify(es, asWritten);
        assertThat(report.errors()).isEmpty();
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(asWritten, "| INLINE STATS"));
            assertThat(f.message()).contains("min_stack_version 9.3.0").contains("mismatched input 'INLINE'")
                    .contains("dac verified the rest of the query (INLINE STATS at line "
                            + lineOf(asWritten, "| INLINE STATS") + " stood in for");
        });
        assertThat(withCode(verify(es, before), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(before, "event.codex =="));
            assertThat(f.message()).contains("Unknown column [event.codex]");
        });
        assertThat(withCode(verify(es, after), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(after, "VALUES(user.namex)"));
            assertThat(f.message()).contains("Unknown column [user.namex]")
                    .contains("(column " + (PREVALENCE.replace("user.name)", "user.namex)").lines().filter(l -> l.contains("user.namex")).findFirst()
                            .orElse("").indexOf("user.namex") + 1) + ")");
        });
    }

    /**
     * An INLINE STATS dac cannot stand in for (SUM, whose type follows its argument's) cuts the query before it: a
     * typo before it is an error, one after it stays unsaid, and the DAC146 warning says up to which line the query
     * was verified.
     */
    @Test
    void aNewerStacksRuleIsVerifiedUpToTheCommandTheEngineCannotRun(RunningElasticsearch es) {
        String query = """
                | where data_stream.dataset == "endpoint.alerts" and event.code == "behavior"
                | INLINE STATS pids = SUM(process.pid) BY rule.name
                | where pids > 1
                | stats c = count(*) by host.id""";
        Path before = newer("before.toml", "9.3.0", "from logs-endpoint.alerts-*",
                query.replace("event.code == ", "event.codex == "));
        Path after = newer("after.toml", "9.3.0", "from logs-endpoint.alerts-*",
                query.replace("by host.id", "by host.idx"));

        assertThat(withCode(verify(es, before), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(before, "event.codex =="));
        });
        ValidationReport report = verify(es, after);
        assertThat(report.errors()).isEmpty();
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(after, "| INLINE STATS"));
            assertThat(f.message()).contains("dac verified the query up to line "
                    + lineOf(after, "| where data_stream.dataset") + ", the rest needs stack 9.3.0");
        });
    }

    /**
     * 9.3's COMPLETION with options, which 8.19 cannot parse, is stood in for by an EVAL of its keyword column: a typo
     * after it is found, and no inference endpoint is needed for that.
     */
    @Test
    void aTypoAfterANewerStacksCompletionIsFound(RunningElasticsearch es) {
        Path rule = newer("completion.toml", "9.3.0", "from logs-aws.cloudtrail-*", """
                | eval Esql.prompt = CONCAT("Triage: ", user.name)
                | COMPLETION Esql.result = Esql.prompt WITH { "inference_id": "no-such-endpoint" }
                | where Esql.result like "*TP*" and source.ipp is not null""");

        ValidationReport report = verify(es, rule);
        assertThat(withCode(report, "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(rule, "source.ipp is not null"));
            assertThat(f.message()).contains("Unknown column [source.ipp]");
        });
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("dac verified the rest of the query (COMPLETION at line " + lineOf(rule, "| COMPLETION")));
    }

    /** A newer function (URL_DECODE, 9.3) stood in for by a value of its type still has its argument checked. */
    @Test
    void theArgumentsOfANewerStacksFunctionAreVerified(RunningElasticsearch es) {
        Path typo = newer("url.toml", "9.3.0", "from logs-aws.cloudtrail-*", """
                | eval Esql.url = to_lower(URL_DECODE(url.originall))
                | where Esql.url like "*../*\"""");
        Path asWritten = newer("url_ok.toml", "9.3.0", "from logs-aws.cloudtrail-*", """
                | eval Esql.url = to_lower(URL_DECODE(url.original))
                | where Esql.url like "*../*\"""");

        assertThat(withCode(verify(es, typo), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(typo, "URL_DECODE(url.originall)"));
            assertThat(f.message()).contains("Unknown column [url.originall]").contains("(column 39)");
        });
        ValidationReport report = verify(es, asWritten);
        assertThat(report.errors()).isEmpty();
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("Unknown function [URL_DECODE]").contains("dac verified the rest of the query (URL_DECODE"));
    }

    /**
     * A column the stand-in indices map that Elasticsearch calls unknown was dropped by the query itself: after
     * elastic/detection-rules' execution_azure_vm_run_command_powershell_unrestricted_script, whose patterns dac does
     * not know completely, with its STATS output name misspelt, so the KEEP that follows reads a column gone.
     */
    @Test
    void aMappedColumnTheQueryDroppedIsAnErrorWhereverTheFieldsAreNotAllKnown(RunningElasticsearch es) {
        Path typo = sample("stats_dropped.toml", "from logs-azure.activitylogs-*, logs-endpoint.events.process-*", """
                | where event.category == "process"
                | stats source.ipx = values(source.ip) by host.name
                | keep host.name, source.ip""");

        assertThat(withCode(verify(es, typo), "DAC141")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(typo, "| keep host.name, source.ip"));
            assertThat(f.message()).contains("Unknown column [source.ip]");
        });
    }

    /**
     * A rule that sets no min_stack_version (detection-rules' way for its current stack) calling a function a newer
     * stack has (URL_DECODE, in Elasticsearch 9.5.3's table) needs that stack: a DAC146 warning saying so, the rest of
     * the query verified around the call; a typo there is still an error, and an unknown function no release has
     * stays one.
     */
    @Test
    void aRuleWithoutMinStackVersionCallingANewerFunctionNeedsANewerStackNotAFix(RunningElasticsearch es) {
        Path asWritten = sample("url_nostack.toml", "from logs-aws.cloudtrail-*", """
                | eval Esql.url = to_lower(URL_DECODE(url.original))
                | where Esql.url like "*../*\"""");
        Path typo = sample("url_nostack_typo.toml", "from logs-aws.cloudtrail-*", """
                | eval Esql.url = to_lower(URL_DECODE(url.originall))
                | where Esql.url like "*../*\"""");
        Path unknown = sample("url_nosuch.toml", "from logs-aws.cloudtrail-*", """
                | eval Esql.url = to_lower(URL_UNMANGLE(url.original))
                | where Esql.url like "*../*\"""");

        ValidationReport report = verify(es, asWritten);
        assertThat(report.errors()).isEmpty();
        assertThat(withCode(report, "DAC146")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("sets no min_stack_version").contains("Elasticsearch 9.5.3 has")
                .contains("Unknown function [URL_DECODE]").contains("dac verified the rest of the query"));
        assertThat(withCode(verify(es, typo), "DAC141")).singleElement().satisfies(f ->
                assertThat(f.message()).contains("Unknown column [url.originall]"));
        assertThat(withCode(verify(es, unknown), "DAC142")).singleElement().satisfies(f ->
                assertThat(f.message()).contains("Unknown function [URL_UNMANGLE]"));
    }

    /**
     * Without min_stack_version, a function 8.19 lacks met by a follow-up ask is left unsaid (the rule keeps its DAC145
     * warning: the rule may target the newest stack, as CONTAINS of 9.x in a production rule does), while a misspelt
     * one is an error.
     */
    @Test
    void aFunctionBehindAColumnDacCannotJudgeIsAnErrorOnlyWhenMisspelt(RunningElasticsearch es) {
        Path newer = sample("contains.toml", "from logs-aws_bedrock.invocation-*", """
                | where gen_ai.policy.name == "content_policy"
                | where contains(gen_ai.policy.name, "x")""");
        Path misspelt = sample("lenght.toml", "from logs-aws_bedrock.invocation-*", """
                | where gen_ai.policy.name == "content_policy"
                | eval Esql.length = lenght(gen_ai.policy.name)""");

        ValidationReport newerReport = verify(es, newer);
        assertThat(newerReport.errors()).isEmpty();
        assertThat(withCode(newerReport, "DAC145")).isNotEmpty();
        assertThat(withCode(verify(es, misspelt), "DAC142")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(lineOf(misspelt, "lenght("));
            assertThat(f.message()).contains("Unknown function [lenght]");
        });
    }

    @Test
    void aPatternNoIndexCanHaveIsAnUnknownIndex(RunningElasticsearch es) {
        Path rule = sample("upper.toml", "from Logs-aws.cloudtrail-*", "| where event.action == \"x\"");
        assertThat(withCode(verify(es, rule), "DAC143")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.line()).isEqualTo(lineOf(rule, "from Logs-aws"));
        });
    }

    @Test
    void investigationFieldsAreComparedWithTheEnginesColumnsAsWarnings(RunningElasticsearch es) {
        String text = RuleTexts.replace(RuleTexts.read(RuleTexts.CORRELATION_RULE), "\"Esql.timestamp_max\",\n]",
                "\"Esql.timestamp_max\",\n    \"Esql.not_an_output\",\n]");
        Path rule = RuleTexts.write(dir, "fields.toml", text);
        ValidationReport report = verify(es, rule);
        assertThat(withCode(report, "DAC122")).singleElement().satisfies(f -> {
            assertThat(f.isError()).isFalse();
            assertThat(f.line()).isEqualTo(lineOf(rule, "\"Esql.not_an_output\""));
            assertThat(f.message()).contains("'Esql.not_an_output'").contains("Esql.alert_count_other_elevated_rule");
        });
    }

    @Test
    void standInIndicesAreDeletedAfterTheRun(RunningElasticsearch es) throws Exception {
        verify(es, Path.of("rules"));
        var indices = new ElasticsearchJson(es.client()).send("GET", "/_cat/indices?format=json&expand_wildcards=all",
                null);
        List<String> names = new ArrayList<>();
        indices.forEach(i -> names.add(i.path("index").asString()));
        assertThat(names).noneMatch(n -> n.contains("dacverify"));
    }

    @Test
    void aPatternADataStreamTemplateServesStillGetsAPlainStandIn(RunningElasticsearch es) throws Exception {
        // as a full distribution's logs-*-* template does: indices of those names can only be data streams
        ElasticsearchJson json = new ElasticsearchJson(es.client());
        json.send("PUT", "/_index_template/dac-test-data-streams",
                "{\"index_patterns\": [\"dacds-*\"], \"data_stream\": {}, \"priority\": 100}");
        try {
            Path rule = sample("data_stream.toml", "from dacds-*", "| where event.action == \"x\"");
            ValidationReport report = verify(es, rule);
            assertThat(report.findings()).extracting(f -> f.check().code()).doesNotContain("DAC147");
            // nothing is known of dacds-*: the column is unknown there, a warning
            assertThat(withCode(report, "DAC145")).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("Unknown column [event.action]"));
            JsonNode templates = json.send("GET", "/_index_template", null);
            templates.path("index_templates").forEach(t -> assertThat(t.path("name").asString())
                    .doesNotContain("dacverify"));
        } finally {
            json.send("DELETE", "/_index_template/dac-test-data-streams", null);
        }
    }

    @Test
    void withoutAnEngineOneWarningSaysSo() {
        ValidationReport report = new RuleValidator(Clock.systemUTC(), dev.dac.fields.FieldCatalog.builtIn(),
                Optional.of(EsqlVerification.none("--no-engine was given"))).validate(List.of(Path.of("rules")))
                .report();
        assertThat(withCode(report, "DAC147")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not verified").contains("--no-engine"));
    }
}
