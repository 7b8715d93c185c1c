package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.fields.FieldCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field check over Elastic Defend's exact table: unknown, unconfirmed and optional fields, certain type errors. */
class EqlFieldCheckTest {

    private static final FieldCatalog CATALOG = FieldCatalog.builtIn();
    private static final List<String> DEFEND = List.of("logs-endpoint.events.process-*");

    private static List<EqlFieldCheck.Problem> check(String query, List<String> integrations) {
        try {
            return EqlFieldCheck.forRule(CATALOG, DEFEND, integrations).check(EqlParser.parse(query));
        } catch (EqlSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void aFieldDefendLacksIsUnknownWithTheNameMeantAndItsPosition() {
        assertThat(check("process where true and\n  process.parnet.name == \"a\"", List.of())).singleElement()
                .satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(EqlFieldCheck.Kind.UNKNOWN_FIELD);
                    assertThat(p.field()).isEqualTo("process.parnet.name");
                    assertThat(p.message()).contains("did you mean 'process.parent.name'?");
                    assertThat(p.span().start().line()).isEqualTo(2);
                    assertThat(p.span().start().column()).isEqualTo(3);
                });
    }

    @Test
    void fieldsInJoinKeysAndPipesAreCheckedToo() {
        assertThat(check("sequence by host.idd [process where true] [process where true] | filter user.nam == \"a\"",
                List.of())).extracting(EqlFieldCheck.Problem::field).containsExactly("host.idd", "user.nam");
    }

    @Test
    void anIntegrationDacHasNoTableOfMakesAnAbsentFieldOnlyUnconfirmed() {
        assertThat(check("process where problemchild.prediction == 1", List.of("problemchild", "endpoint")))
                .singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(EqlFieldCheck.Kind.UNCONFIRMED_FIELD);
                    assertThat(p.message()).contains("unless the rule's integration problemchild");
                });
        assertThat(check("process where problemchild.prediction == 1", List.of("endpoint"))).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(EqlFieldCheck.Kind.UNKNOWN_FIELD));
    }

    @Test
    void anOptionalFieldIsNeverUnknown() {
        assertThat(check("process where ?process.parnet.name == \"a\"", List.of())).isEmpty();
    }

    @Test
    void certainTypeErrors() {
        assertThat(check("process where \"4\" <= process.pid", List.of())).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(EqlFieldCheck.Kind.TYPE_MISMATCH);
            assertThat(p.message()).contains("numeric (long)");
        });
        // equality with a string is not judged: only order comparisons are certain
        assertThat(check("process where process.pid == \"4\"", List.of())).isEmpty();
        assertThat(check("process where cidrMatch(process.name, \"10.0.0.0/8\")", List.of())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("needs an ip field"));
        assertThat(check("network where cidrMatch(destination.ip, \"10.0.0.0/33\", \"fe80::/10\")",
                List.of("endpoint")).stream().filter(p -> p.kind() == EqlFieldCheck.Kind.TYPE_MISMATCH).toList())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("\"10.0.0.0/33\" is not a CIDR block"));
    }

    @Test
    void fieldsComparedWithFieldsAreRefusedEvenThroughFunctions() {
        assertThat(check("process where length(process.name) == length(process.parent.name)", List.of()))
                .singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(EqlFieldCheck.Kind.FIELD_COMPARISON));
        assertThat(check("process where length(process.name) > 3", List.of())).isEmpty();
    }
}
