package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Query DSL of each EQL operator and translatable function, and the residue of what DSL cannot say. */
class EqlTranslatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EqlTranslator translator = new EqlTranslator();

    private EqlTranslator.Translation translate(String query) {
        try {
            return translator.translate(((EqlNode.EventQuery) EqlParser.parse(query).query()).filter());
        } catch (EqlSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The DSL of the condition alone (for 'any where'). */
    private JsonNode dsl(String condition) {
        EqlTranslator.Translation t = translate("any where " + condition);
        assertThat(t.complete()).as(condition).isTrue();
        return normal(t.query());
    }

    /** The JSON as read back from its text, so that a long 4 and an int 4 compare equal. */
    private static JsonNode normal(JsonNode node) {
        return JSON.readTree(node.toString());
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void categoryIsATermOnEventCategory() {
        EqlTranslator.Translation t = translate("process where process.name == \"cmd.exe\"");
        assertThat(normal(t.query())).isEqualTo(json("{'bool':{'filter':[{'term':{'event.category':{'value':'process'}}},"
                + "{'term':{'process.name':{'value':'cmd.exe'}}}]}}"));
        assertThat(t.residue()).isEmpty();
    }

    @Test
    void equalityAndInequality() {
        assertThat(dsl("process.pid == 4")).isEqualTo(json("{'term':{'process.pid':{'value':4}}}"));
        assertThat(dsl("process.name != \"a\"")).isEqualTo(json(
                "{'bool':{'must_not':{'term':{'process.name':{'value':'a'}}}}}"));
        assertThat(dsl("4 < process.pid")).isEqualTo(json("{'range':{'process.pid':{'gt':4}}}"));
        assertThat(dsl("process.pid <= 4")).isEqualTo(json("{'range':{'process.pid':{'lte':4}}}"));
    }

    @Test
    void nullMeansAMissingField() {
        assertThat(dsl("?process.x == null")).isEqualTo(json(
                "{'bool':{'must_not':{'exists':{'field':'process.x'}}}}"));
        assertThat(dsl("process.name != null")).isEqualTo(json("{'exists':{'field':'process.name'}}"));
    }

    @Test
    void colonIsCaseInsensitiveTermOrWildcard() {
        assertThat(dsl("process.name : \"CMD.exe\"")).isEqualTo(json(
                "{'term':{'process.name':{'value':'CMD.exe','case_insensitive':true}}}"));
        // a backslash is a plain character in EQL, escaped for Lucene's wildcard syntax
        assertThat(dsl("process.executable : \"C:\\\\Windows\\\\*\"")).isEqualTo(json(
                "{'wildcard':{'process.executable':{'value':'C:\\\\\\\\Windows\\\\\\\\*','case_insensitive':true}}}"));
        assertThat(dsl("process.name : (\"a\", \"b*\")")).isEqualTo(json("{'bool':{'should':["
                + "{'term':{'process.name':{'value':'a','case_insensitive':true}}},"
                + "{'wildcard':{'process.name':{'value':'b*','case_insensitive':true}}}],'minimum_should_match':1}}"));
    }

    @Test
    void likeAndRegexWithTheirCaseInsensitiveForms() {
        assertThat(dsl("process.name like \"cmd*\"")).isEqualTo(json("{'wildcard':{'process.name':{'value':'cmd*'}}}"));
        assertThat(dsl("process.name like~ \"cmd?\"")).isEqualTo(json(
                "{'wildcard':{'process.name':{'value':'cmd?','case_insensitive':true}}}"));
        assertThat(dsl("process.name regex \"c.d\"")).isEqualTo(json("{'regexp':{'process.name':{'value':'c.d'}}}"));
        assertThat(dsl("process.name regex~ \"c.d\"")).isEqualTo(json(
                "{'regexp':{'process.name':{'value':'c.d','case_insensitive':true}}}"));
    }

    @Test
    void inListsAndTheirNegationAndCaseInsensitiveForm() {
        assertThat(dsl("process.name in (\"a\", \"b\")")).isEqualTo(json("{'terms':{'process.name':['a','b']}}"));
        assertThat(dsl("process.name not in (\"a\")")).isEqualTo(json(
                "{'bool':{'must_not':{'terms':{'process.name':['a']}}}}"));
        assertThat(dsl("process.name in~ (\"A\", \"B\")")).isEqualTo(json("{'bool':{'should':["
                + "{'term':{'process.name':{'value':'A','case_insensitive':true}}},"
                + "{'term':{'process.name':{'value':'B','case_insensitive':true}}}],'minimum_should_match':1}}"));
        assertThat(dsl("process.pid in (null, 4)")).isEqualTo(json("{'bool':{'should':["
                + "{'terms':{'process.pid':[4]}},{'bool':{'must_not':{'exists':{'field':'process.pid'}}}}],"
                + "'minimum_should_match':1}}"));
    }

    @Test
    void cidrMatchIsATermsQueryOnTheIpField() {
        assertThat(dsl("cidrMatch(destination.ip, \"10.0.0.0/8\", \"192.168.0.0/16\")")).isEqualTo(json(
                "{'terms':{'destination.ip':['10.0.0.0/8','192.168.0.0/16']}}"));
    }

    @Test
    void stringFunctionsBecomePrefixAndWildcardQueries() {
        assertThat(dsl("startsWith(process.name, \"cmd\")")).isEqualTo(json(
                "{'prefix':{'process.name':{'value':'cmd'}}}"));
        assertThat(dsl("startsWith~(process.name, \"CMD\")")).isEqualTo(json(
                "{'prefix':{'process.name':{'value':'CMD','case_insensitive':true}}}"));
        // the text of endsWith and stringContains is literal: its * is escaped
        assertThat(dsl("endsWith(process.name, \"a*.exe\")")).isEqualTo(json(
                "{'wildcard':{'process.name':{'value':'*a\\\\*.exe'}}}"));
        assertThat(dsl("stringContains~(process.name, \"md\")")).isEqualTo(json(
                "{'wildcard':{'process.name':{'value':'*md*','case_insensitive':true}}}"));
        assertThat(dsl("wildcard(process.name, \"a*\", \"b?\")")).isEqualTo(json("{'bool':{'should':["
                + "{'wildcard':{'process.name':{'value':'a*'}}},{'wildcard':{'process.name':{'value':'b?'}}}],"
                + "'minimum_should_match':1}}"));
    }

    @Test
    void booleanLogic() {
        assertThat(dsl("not (a == 1 or b == 2)")).isEqualTo(json("{'bool':{'must_not':{'bool':{'should':["
                + "{'term':{'a':{'value':1}}},{'term':{'b':{'value':2}}}],'minimum_should_match':1}}}}"));
        assertThat(dsl("false")).isEqualTo(json("{'bool':{'must_not':{'match_all':{}}}}"));
    }

    @Test
    void whatDslCannotSayIsKeptAsResidueUnderAnd() {
        EqlTranslator.Translation t = translate("process where process.name == \"a\" and length(process.args) > 3"
                + " and process.pid == process.parent.pid");
        assertThat(t.complete()).isFalse();
        assertThat(normal(t.query())).isEqualTo(json("{'bool':{'filter':[{'term':{'event.category':{'value':'process'}}},"
                + "{'bool':{'filter':[{'term':{'process.name':{'value':'a'}}},{'match_all':{}},{'match_all':{}}]}}]}}"));
        EqlNode.And residue = (EqlNode.And) t.residue().orElseThrow();
        assertThat(residue.children()).hasSize(2);
        assertThat(residue.children().get(0)).isInstanceOfSatisfying(EqlNode.Comparison.class, c ->
                assertThat(((EqlNode.Call) c.left()).function()).isEqualTo(EqlFunction.LENGTH));
        assertThat(residue.children().get(1)).isInstanceOfSatisfying(EqlNode.Comparison.class, c ->
                assertThat(c.right()).isEqualTo(new EqlNode.Field("process.parent.pid", false, c.right().span())));
    }

    @Test
    void anOrOrNotWithAnUntranslatablePartIsResidueWhole() {
        EqlTranslator.Translation or = translate("any where a == 1 or length(b) == 2");
        assertThat(normal(or.query())).isEqualTo(json("{'match_all':{}}"));
        assertThat(or.residue()).get().isInstanceOf(EqlNode.Or.class);
        EqlTranslator.Translation not = translate("any where not concat(a, b) == \"ab\"");
        assertThat(normal(not.query())).isEqualTo(json("{'match_all':{}}"));
        assertThat(not.residue()).get().isInstanceOf(EqlNode.Not.class);
        assertThat(translate("any where a + 1 == 2").residue()).get().isInstanceOf(EqlNode.Comparison.class);
        assertThat(translate("any where between(a, \"x\", \"y\") == \"z\"").residue()).isPresent();
    }

    @Test
    void everyPublicEqlFilterTranslatesAndMostNeedNoResidue() throws EqlSyntaxException {
        int filters = 0;
        int complete = 0;
        for (PublicEqlRules.PublicRule rule : PublicEqlRules.all()) {
            EqlNode.Query query = EqlParser.parse(rule.query()).query();
            java.util.List<EqlNode.EventFilter> all = query instanceof EqlNode.EventQuery e ? java.util.List.of(e.filter())
                    : (query instanceof EqlNode.Sequence s ? s.steps() : ((EqlNode.Sample) query).steps()).stream()
                            .map(EqlNode.Step::filter).toList();
            for (EqlNode.EventFilter filter : all) {
                filters++;
                Optional<EqlNode.Expr> residue = translator.translate(filter).residue();
                if (residue.isEmpty()) {
                    complete++;
                }
            }
        }
        assertThat(filters).isGreaterThan(1000);
        assertThat(complete).isGreaterThan(filters * 8 / 10);
    }
}
