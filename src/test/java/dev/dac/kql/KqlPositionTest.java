package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every node knows where it stands in the query text, and field problems point at the term they are about. */
class KqlPositionTest {

    @Test
    void nodesSpanTheirTextFromFieldToValue() throws Exception {
        KqlNode.And and = (KqlNode.And) KqlParser.parse("a: b and not c < 5");
        assertThat(text(and.span(), "a: b and not c < 5")).isEqualTo("a: b and not c < 5");

        KqlNode.Is is = (KqlNode.Is) and.children().get(0);
        assertThat(is.span().start()).isEqualTo(new KqlNode.Position(0, 1, 1));
        assertThat(is.span().end()).isEqualTo(new KqlNode.Position(4, 1, 5));
        assertThat(is.valueSpan().start().column()).isEqualTo(4);

        KqlNode.Not not = (KqlNode.Not) and.children().get(1);
        assertThat(not.span().start().column()).isEqualTo(10);
        KqlNode.Range range = (KqlNode.Range) not.child();
        assertThat(range.fieldSpan().start().column()).isEqualTo(14);
        assertThat(range.valueSpan().start().column()).isEqualTo(18);
        assertThat(range.span().end().column()).isEqualTo(19);
    }

    @Test
    void linesAndColumnsCountFromTheStartOfEachQueryLine() throws Exception {
        String query = "event.dataset: \"aws.cloudtrail\"\nand (\n  source.ip: 10.0.0.1\n   or bytes >= 10)";
        KqlNode.And and = (KqlNode.And) KqlParser.parse(query);
        KqlNode.Or or = (KqlNode.Or) and.children().get(1);
        KqlNode.Is ip = (KqlNode.Is) or.children().get(0);
        KqlNode.Range bytes = (KqlNode.Range) or.children().get(1);

        assertThat(ip.fieldSpan().start()).isEqualTo(new KqlNode.Position(query.indexOf("source.ip"), 3, 3));
        assertThat(ip.valueSpan().start()).isEqualTo(new KqlNode.Position(query.indexOf("10.0.0.1"), 3, 14));
        assertThat(bytes.fieldSpan().start().line()).isEqualTo(4);
        assertThat(bytes.fieldSpan().start().column()).isEqualTo(7);
        assertThat(bytes.valueSpan().end()).isEqualTo(new KqlNode.Position(query.length() - 1, 4, 18));
    }

    @Test
    void positionsAfterEscapesAndQuotedTextCountTheCharactersAsWritten() throws Exception {
        // \" and \u0041 are two and six characters of query text, one character of value each
        String query = "message: \"say \\\"hi\\\" \\u0041\" and host\\:name: x\\(y and bytes: 1";
        KqlNode.And and = (KqlNode.And) KqlParser.parse(query);
        KqlNode.Is message = (KqlNode.Is) and.children().get(0);
        KqlNode.Is host = (KqlNode.Is) and.children().get(1);
        KqlNode.Is bytes = (KqlNode.Is) and.children().get(2);

        assertThat(((KqlValue.Literal) message.value()).text()).isEqualTo("say \"hi\" A");
        assertThat(text(message.valueSpan(), query)).isEqualTo("\"say \\\"hi\\\" \\u0041\"");
        assertThat(((KqlValue.Literal) host.field()).text()).isEqualTo("host:name");
        assertThat(text(host.fieldSpan(), query)).isEqualTo("host\\:name");
        assertThat(text(host.valueSpan(), query)).isEqualTo("x\\(y");
        assertThat(bytes.fieldSpan().start().column()).isEqualTo(query.indexOf("bytes") + 1);
        assertThat(bytes.valueSpan().start().column()).isEqualTo(query.length());
    }

    @Test
    void valuesInAListEachHaveTheirOwnPositionAndShareTheField() throws Exception {
        String query = "tags: (a or \"b c\"   or d)";
        KqlNode.Or or = (KqlNode.Or) KqlParser.parse(query);
        List<String> values = or.children().stream().map(n -> text(((KqlNode.Is) n).valueSpan(), query)).toList();
        assertThat(values).containsExactly("a", "\"b c\"", "d");
        assertThat(or.children()).allSatisfy(n -> assertThat(text(((KqlNode.Is) n).fieldSpan(), query))
                .isEqualTo("tags"));
    }

    @Test
    void aTypeProblemPointsAtTheWrongValueNotTheFirstMentionOfItsField() throws Exception {
        String query = "bytes: 12 and\nsource.ip: 10.0.0.1 and bytes: twelve";
        List<KqlFieldCheck.Problem> problems = new KqlFieldCheck(TestFields.MAP).check(KqlParser.parse(query));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(KqlFieldCheck.Kind.VALUE_TYPE_MISMATCH);
            assertThat(p.span().start()).isEqualTo(new KqlNode.Position(query.indexOf("twelve"), 2, 32));
            assertThat(text(p.span(), query)).isEqualTo("twelve");
        });
    }

    @Test
    void anUnknownFieldPointsAtItsName() throws Exception {
        String query = "items: { name: a }\n  and items: { nmae: b }";
        List<KqlFieldCheck.Problem> problems = new KqlFieldCheck(TestFields.MAP).check(KqlParser.parse(query));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("items.nmae");
            assertThat(p.span().start().line()).isEqualTo(2);
            assertThat(p.span().start().column()).isEqualTo(16);
        });
    }

    private static String text(KqlNode.Span span, String query) {
        return query.substring(span.start().offset(), span.end().offset());
    }
}
