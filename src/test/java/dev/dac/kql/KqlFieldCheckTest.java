package dev.dac.kql;

import dev.dac.fields.FieldMap;
import dev.dac.fields.FieldCatalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KqlFieldCheckTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("event.outcome: success and source.ip: 10.0.0.1", List.of()),
                Arguments.of("evnt.outcome: success", List.of("UNKNOWN_FIELD evnt.outcome did you mean 'event.outcome'")),
                Arguments.of("nothing.*: x", List.of("UNKNOWN_FIELD nothing.*")),
                Arguments.of("source.ip: \"10.0.0.0/8\" or source.ip: \"::1\"", List.of()),
                Arguments.of("source.ip: banana", List.of("VALUE_TYPE_MISMATCH source.ip not an IP address")),
                Arguments.of("source.ip: cafe", List.of("VALUE_TYPE_MISMATCH source.ip 'cafe' is not an IP address")),
                Arguments.of("source.ip >= dead", List.of("VALUE_TYPE_MISMATCH source.ip 'dead' is not an IP address")),
                Arguments.of("source.ip: (\"beef::\" or \"::ffff:1.2.3.4\" or \"fe80::1\" or 10.0.0.0/8"
                        + " or \"2001:db8::/32\")", List.of()),
                Arguments.of("source.ip: 1.2.3", List.of("VALUE_TYPE_MISMATCH source.ip '1.2.3' is not an IP")),
                Arguments.of("source.ip: \":::\"", List.of("VALUE_TYPE_MISMATCH source.ip ':::' is not an IP")),
                Arguments.of("source.ip: \"10.0.0.0/99\"", List.of("VALUE_TYPE_MISMATCH source.ip")),
                Arguments.of("source.ip < \"10.0.0.0/8\"", List.of("VALUE_TYPE_MISMATCH source.ip")),
                Arguments.of("source.ip: 10.*", List.of("VALUE_TYPE_MISMATCH source.ip wildcards only work")),
                Arguments.of("bytes: 12 or bytes > 1.5", List.of()),
                Arguments.of("bytes: twelve", List.of("VALUE_TYPE_MISMATCH bytes is not a number")),
                Arguments.of("@timestamp > now-1d and @timestamp < \"2026-01-01T00:00:00Z\"", List.of()),
                Arguments.of("@timestamp > yesterday", List.of("VALUE_TYPE_MISMATCH @timestamp not a date")),
                Arguments.of("flag: yes", List.of("VALUE_TYPE_MISMATCH flag not true or false")),
                Arguments.of("flag: *", List.of()),
                Arguments.of("items: { name: a }", List.of()),
                Arguments.of("user: { name: a }", List.of("UNKNOWN_FIELD user is not a nested field")),
                Arguments.of("items: { nam: a }", List.of("UNKNOWN_FIELD items.nam")),
                Arguments.of("hello world", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void findsUnknownFieldsAndValuesOfTheWrongType(String query, List<String> expected) throws Exception {
        List<String> problems = new KqlFieldCheck(TestFields.MAP).check(KqlParser.parse(query)).stream()
                .map(p -> p.kind() + " " + p.field() + " " + p.message()).toList();
        assertThat(problems).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String[] words = expected.get(i).split(" ", 3);
            assertThat(problems.get(i)).startsWith(words[0] + " " + words[1]);
            if (words.length > 2) {
                assertThat(problems.get(i)).contains(words[2]);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aliasesTakeTheirTargetsTypeAndFlattenedFieldsTakeAnyKey() throws Exception {
        FieldMap alerts = FieldCatalog.builtIn().forPatterns(List.of(".alerts-security.alerts-default")).fields();
        assertThat(alerts.field("signal.rule.name").orElseThrow().esType()).isEqualTo("keyword");
        assertThat(alerts.field("signal.rule.risk_score").orElseThrow().esType()).isEqualTo("float");
        assertThat(new KqlFieldCheck(alerts).check(KqlParser.parse("signal.rule.risk_score > high"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a number"));

        FieldMap cloudTrail = FieldCatalog.builtIn().forPatterns(List.of("logs-aws.cloudtrail-*")).fields();
        assertThat(new KqlFieldCheck(cloudTrail).check(KqlParser.parse(
                "aws.cloudtrail.flattened.request_parameters.x-amz-acl: public-read"))).isEmpty();
        assertThat(new KqlFieldCheck(cloudTrail).check(KqlParser.parse("aws.cloudtrail.flattenedx.a: b"))).hasSize(1);
    }
}
