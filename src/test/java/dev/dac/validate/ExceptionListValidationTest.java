package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.ExceptionList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exception lists load with the rules, in one validation: each problem a finding with its code, file and line. */
class ExceptionListValidationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
    private static final String CERTUTIL = "5f0c7a52-3a8e-4f0e-9d3b-6c2f9b1e7a10";

    @Test
    void theShippedRuleGetsItsListWithEveryEntryType() {
        RuleSet rules = new RuleValidator(CLOCK).validate(List.of(Path.of("rules")));

        assertThat(rules.report().errors()).isEmpty();
        CheckedRule certutil = rules.rules().stream().filter(r -> r.ruleId().orElse("").equals(CERTUTIL))
                .findFirst().orElseThrow();
        assertThat(certutil.exceptionLists()).singleElement().satisfies(list -> {
            assertThat(list.key()).isEqualTo(new ExceptionList.Key("certutil-decode-approved", "single"));
            assertThat(list.items()).extracting(i -> i.itemId()).contains("certutil-signed-parent",
                    "certutil-pkg-build-hosts");
            assertThat(list.items().stream().flatMap(i -> i.entries().stream()).map(e -> e.getClass().getSimpleName()))
                    .contains("Match", "MatchAny", "Exists", "Wildcard", "Nested");
        });
        assertThat(rules.exceptionLists()).extracting(ExceptionList::listId).containsExactly("certutil-decode-approved");
    }

    @Test
    void eachProblemIsAFindingOnItsFileAndLine(@TempDir Path repository) throws Exception {
        Path rules = copyRules(repository);
        Files.writeString(repository.resolve("exceptions/certutil_decode_approved_exceptions.toml"),
                Files.readString(Path.of("exceptions/certutil_decode_approved_exceptions.toml"))
                        .replace("field = \"process.parent.name\"\noperator = \"included\"\ntype = \"match\"",
                                "field = \"process.parnet.name\"\noperator = \"included\"\ntype = \"match\""));
        Files.writeString(repository.resolve("exceptions/broken.toml"), """
                [metadata]
                creation_date = "2026/12/05"
                list_name = "Broken"
                updated_date = "2026/12/05"

                [[exceptions]]
                [exceptions.container]
                description = "d"
                list_id = "broken"
                name = "Broken"
                type = "detection"

                [[exceptions.items]]
                description = "d"
                item_id = "a"
                list_id = "broken"
                name = "A"
                type = "simple"
                [[exceptions.items.entries]]
                field = "user.name"
                operator = "included"
                type = "regex"
                value = "x"
                """);
        Files.writeString(repository.resolve("exceptions/kibana_only.toml"), """
                [metadata]
                creation_date = "2026/12/05"
                list_name = "Other"
                updated_date = "2026/12/05"

                [[exceptions]]
                [exceptions.container]
                description = "d"
                list_id = "other"
                name = "Other"
                type = "detection"

                [[exceptions.items]]
                description = "d"
                expire_time = "2026-01-01T00:00:00Z"
                item_id = "listed"
                list_id = "other"
                name = "Listed"
                type = "simple"
                [[exceptions.items.entries]]
                field = "source.ip"
                operator = "included"
                type = "list"
                list = { id = "ips.txt", type = "ip" }

                [[exceptions.items]]
                description = "d"
                item_id = "listed"
                list_id = "other"
                name = "Twice"
                type = "simple"
                [[exceptions.items.entries]]
                field = "user.name"
                operator = "included"
                type = "exists"
                value = "not for exists"
                """);
        Path rule = rules.resolve("windows/defense_evasion_certutil_decode_on_internal_host.toml");
        Files.writeString(rule, Files.readString(rule).replace("[[rule.threat]]", """
                [[rule.exceptions_list]]
                id = "b"
                list_id = "broken"
                namespace_type = "single"
                type = "detection"

                [[rule.exceptions_list]]
                id = "m"
                list_id = "missing"
                namespace_type = "agnostic"
                type = "detection"

                [[rule.exceptions_list]]
                id = "endpoint_list"
                list_id = "endpoint_list"
                namespace_type = "agnostic"
                type = "endpoint"

                [[rule.threat]]"""));

        ValidationReport report = new RuleValidator(CLOCK).validate(List.of(rules)).report();

        assertThat(finding(report, "DAC161")).satisfies(f -> {
            assertThat(f.file().getFileName()).hasToString("broken.toml");
            assertThat(f.line()).isEqualTo(22);
            assertThat(f.message()).contains("\"regex\"").contains("match_any");
        });
        assertThat(finding(report, "DAC164")).satisfies(f -> {
            assertThat(f.file().getFileName()).hasToString("certutil_decode_approved_exceptions.toml");
            assertThat(f.message()).contains("process.parnet.name").contains("did you mean 'process.parent.name'");
            assertThat(f.ruleId()).isEqualTo(CERTUTIL);
        });
        assertThat(report.findings()).filteredOn(f -> f.check().code().equals("DAC162")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("broken (single)").contains("has errors"))
                .anySatisfy(m -> assertThat(m).contains("missing (agnostic)").contains("is not in"));
        assertThat(finding(report, "DAC163").message()).contains("endpoint_list");
        assertThat(finding(report, "DAC160").message()).contains("value").contains("exists");
        // the file with a schema error is not read further; its list is reported, not half-applied
        assertThat(report.findings()).noneMatch(f -> f.check().code().equals("DAC166"));
    }

    @Test
    void valueListsExpiredItemsAndDuplicatesAreSaid(@TempDir Path repository) throws Exception {
        Path rules = copyRules(repository);
        Files.writeString(repository.resolve("exceptions/other.toml"), """
                [metadata]
                creation_date = "2026/12/05"
                list_name = "Other"
                updated_date = "2026/12/05"

                [[exceptions]]
                [exceptions.container]
                description = "d"
                list_id = "other"
                name = "Other"
                type = "detection"

                [[exceptions.items]]
                description = "d"
                expire_time = "2026-01-01T00:00:00Z"
                item_id = "listed"
                list_id = "other"
                name = "Listed"
                type = "simple"
                [[exceptions.items.entries]]
                field = "source.ip"
                operator = "included"
                type = "list"
                list = { id = "ips.txt", type = "ip" }

                [[exceptions]]
                [exceptions.container]
                description = "the same list_id as the shipped list"
                list_id = "certutil-decode-approved"
                name = "Again"
                type = "detection"
                """);

        ValidationReport report = new RuleValidator(CLOCK).validate(List.of(rules)).report();

        assertThat(finding(report, "DAC166").message()).contains("'listed'").contains("value list");
        assertThat(finding(report, "DAC169").message()).contains("expired at 2026-01-01T00:00:00Z");
        assertThat(finding(report, "DAC167").message()).contains("certutil-decode-approved (single)")
                .contains("also defined in");
        assertThat(report.findings()).noneMatch(f -> f.check().code().equals("DAC162"));
    }

    @Test
    void aReferenceOfAnotherTypeIsAWarningAndTheListStillApplies(@TempDir Path repository) throws Exception {
        Path rules = copyRules(repository);
        Path rule = rules.resolve("windows/defense_evasion_certutil_decode_on_internal_host.toml");
        Files.writeString(rule, Files.readString(rule).replace("namespace_type = \"single\"\ntype = \"detection\"",
                "namespace_type = \"single\"\ntype = \"rule_default\""));

        RuleSet set = new RuleValidator(CLOCK).validate(List.of(rules));

        assertThat(finding(set.report(), "DAC168").message()).contains("'rule_default'").contains("'detection'");
        assertThat(set.rules()).filteredOn(r -> r.ruleId().orElse("").equals(CERTUTIL))
                .singleElement().satisfies(r -> assertThat(r.exceptionLists()).hasSize(1));
    }

    @Test
    void anEditedCopyOutsideTheRepositoryAppliesTheRepositorysLists(@TempDir Path elsewhere) throws Exception {
        Path copy = elsewhere.resolve("edited_certutil.toml");
        Files.copy(Path.of("rules/windows/defense_evasion_certutil_decode_on_internal_host.toml"), copy);

        RuleSet alone = new RuleValidator(CLOCK).validate(List.of(copy));
        RuleSet withRepository = new RuleValidator(CLOCK).validate(List.of(copy), List.of(Path.of("rules")));

        assertThat(finding(alone.report(), "DAC162").message()).contains("certutil-decode-approved");
        assertThat(withRepository.report().errors()).isEmpty();
        assertThat(withRepository.rules().get(0).exceptionLists()).extracting(ExceptionList::listId)
                .containsExactly("certutil-decode-approved");
    }

    private static Finding finding(ValidationReport report, String code) {
        return report.findings().stream().filter(f -> f.check().code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " among " + report.findings()));
    }

    /** The shipped rules and exceptions in a repository of the test's own. */
    private static Path copyRules(Path repository) throws Exception {
        Files.createDirectories(repository.resolve(".git"));
        for (String folder : List.of("rules", "exceptions")) {
            try (var files = Files.walk(Path.of(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = repository.resolve(file.toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        return repository.resolve("rules");
    }
}
