package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dac.engine.ElasticsearchJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The evaluator against the rules of Elasticsearch's EQL reference: each function's documented examples (returns and
 * null handling), the operators' case sensitivity and wildcard forms, and how conditions over missing and
 * multi-valued fields agree with the Query DSL the translator writes.
 */
class EqlEvaluatorTest {

    private static final EqlEvaluator EVAL = new EqlEvaluator();
    private static final JsonNode DOC = doc("""
            {"process": {"name": "regsvr32.exe", "args_count": 4, "pid": "1337",
                         "command_line": "start regsvr32.exe", "args": ["regsvr32.exe", "/s", "evil.dll"],
                         "parent": {"args_count": 2, "name": "cmd.exe"}},
             "file": {"path": "C:\\\\Windows\\\\System32\\\\cmd.exe", "name": "regsvr32.exe", "extension": ".exe"},
             "url": {"domain": "subdomain.example.com"},
             "source": {"address": "192.168.152.12"},
             "user": {"name": "Alice"}, "ten": 10, "six": 6, "zero": 0,
             "dns": {"question": {"name": ["a.example.com", "b.test.org"]}}}
            """);

    private static JsonNode doc(String json) {
        return ElasticsearchJson.mapper().readTree(json);
    }

    private static Object value(String expression) throws Exception {
        List<Object> values = EVAL.values(EqlParser.parseCondition(expression), DOC);
        return values.isEmpty() ? null : values.get(0);
    }

    private static boolean holds(String condition) throws Exception {
        return EVAL.matches(EqlParser.parseCondition(condition), DOC);
    }

    private static boolean holds(String condition, String json) throws Exception {
        return EVAL.matches(EqlParser.parseCondition(condition), doc(json));
    }

    @Test
    void addFollowsTheReference() throws Exception {
        assertThat(value("add(4, 5)")).isEqualTo(9L);
        assertThat(value("add(4, 0.5)")).isEqualTo(4.5);
        assertThat(value("add(0.5, 0.25)")).isEqualTo(0.75);
        assertThat(value("add(4, -2)")).isEqualTo(2L);
        assertThat(value("add(process.args_count, 5)")).isEqualTo(9L);
        assertThat(value("add(process.args_count, process.parent.args_count)")).isEqualTo(6L);
        assertThat(value("add(null, 4)")).isNull();
        assertThat(value("add(process.args_count, null)")).isNull();
        assertThat(value("add(missing.field, 4)")).isNull();
    }

    @Test
    void subtractMultiplyFollowTheReference() throws Exception {
        assertThat(value("subtract(10, 2)")).isEqualTo(8L);
        assertThat(value("subtract(10.5, 0.5)")).isEqualTo(10.0);
        assertThat(value("subtract(-2, -4)")).isEqualTo(2L);
        assertThat(value("subtract(process.args_count, 0.5)")).isEqualTo(3.5);
        assertThat(value("subtract(null, 2)")).isNull();
        assertThat(value("multiply(0.25, 2)")).isEqualTo(0.5);
        assertThat(value("multiply(-2, -2)")).isEqualTo(4L);
        assertThat(value("multiply(process.args_count, process.parent.args_count)")).isEqualTo(8L);
        assertThat(value("multiply(2, null)")).isNull();
    }

    @Test
    void divideOfTwoIntegersRoundsDownAndByZeroFails() throws Exception {
        assertThat(value("divide(4, 2)")).isEqualTo(2L);
        assertThat(value("divide(4, 3)")).isEqualTo(1L);
        assertThat(value("divide(4, 3.0)")).isEqualTo(4 / 3.0);
        assertThat(value("divide(0.5, 4)")).isEqualTo(0.125);
        assertThat(value("divide(4, -2)")).isEqualTo(-2L);
        assertThat(value("divide(12, process.args_count)")).isEqualTo(3L);
        assertThat(value("divide(null, 4)")).isNull();
        // the reference's warning: divide(4, args_count) == 1 holds for 3 and 4 with integers
        assertThat(holds("divide(4, process.args_count) == 1", "{\"process\":{\"args_count\":3}}")).isTrue();
        assertThat(holds("divide(4.0, process.args_count) == 1", "{\"process\":{\"args_count\":3}}")).isFalse();
        assertThatThrownBy(() -> value("divide(4, zero)")).isInstanceOf(EqlEvaluator.EvaluationException.class)
                .hasMessageContaining("division by zero");
    }

    @Test
    void moduloFollowsTheReference() throws Exception {
        assertThat(value("modulo(10, 6)")).isEqualTo(4L);
        assertThat(value("modulo(10, 5)")).isEqualTo(0L);
        assertThat(value("modulo(10, -6)")).isEqualTo(4L);
        assertThat(value("modulo(-10, -6)")).isEqualTo(-4L);
        assertThat(value("modulo(10, 0.5)")).isEqualTo(0.0);
        assertThat(value("modulo(106, ten)")).isEqualTo(6L);
        assertThat(value("modulo(null, 5)")).isNull();
    }

    @Test
    void arithmeticOperatorsAndNegation() throws Exception {
        assertThat(value("process.args_count + 1")).isEqualTo(5L);
        assertThat(value("ten % six")).isEqualTo(4L);
        assertThat(value("-process.args_count * 2")).isEqualTo(-8L);
        assertThat(holds("process.args_count * 2 == 8")).isTrue();
    }

    @Test
    void betweenIsCaseSensitiveUnlessTildeAndGreedyOnRequest() throws Exception {
        assertThat(value("between(file.path, \"System32\\\\\", \".exe\")")).isEqualTo("cmd");
        assertThat(value("between(file.path, \"system32\\\\\", \".exe\")")).isEqualTo("");
        assertThat(value("between~(file.path, \"system32\\\\\", \".exe\")")).isEqualTo("cmd");
        assertThat(value("between(file.path, \"workspace\\\\\", \".exe\")")).isEqualTo("");
        assertThat(value("between(file.path, \"\\\\\", \"\\\\\", false)")).isEqualTo("Windows");
        assertThat(value("between(file.path, \"\\\\\", \"\\\\\", true)")).isEqualTo("Windows\\System32");
        assertThat(value("between(\"\", \"system32\\\\\", \".exe\")")).isEqualTo("");
        assertThat(value("between(\"\", \"\", \"\")")).isEqualTo("");
        assertThat(value("between(null, \"system32\\\\\", \".exe\")")).isNull();
    }

    @Test
    void cidrMatchFollowsTheReference() throws Exception {
        assertThat(value("cidrMatch(source.address, \"192.168.0.0/16\")")).isEqualTo(true);
        assertThat(value("cidrMatch(source.address, \"192.168.0.0/16\", \"10.0.0.0/8\")")).isEqualTo(true);
        assertThat(value("cidrMatch(source.address, \"10.0.0.0/8\")")).isEqualTo(false);
        assertThat(value("cidrMatch(source.address, \"10.0.0.0/8\", \"10.128.0.0/9\")")).isEqualTo(false);
        assertThat(value("cidrMatch(null, \"10.0.0.0/8\")")).isNull();
        assertThat(value("cidrMatch(source.address, null)")).isNull();
        assertThat(holds("cidrMatch(ip, \"fe80::/10\")", "{\"ip\":\"fe80::1\"}")).isTrue();
    }

    @Test
    void concatFollowsTheReference() throws Exception {
        assertThat(value("concat(\"process is \", \"regsvr32.exe\")")).isEqualTo("process is regsvr32.exe");
        assertThat(value("concat(\"regsvr32.exe\", \" \", 42)")).isEqualTo("regsvr32.exe 42");
        assertThat(value("concat(\"regsvr32.exe\", \" \", 42.5)")).isEqualTo("regsvr32.exe 42.5");
        assertThat(value("concat(\"regsvr32.exe\", \" \", true)")).isEqualTo("regsvr32.exe true");
        assertThat(value("concat(process.name, \" \", process.args_count)")).isEqualTo("regsvr32.exe 4");
        assertThat(value("concat(null, \"regsvr32.exe\")")).isNull();
        assertThat(value("concat(process.name, null)")).isNull();
        assertThat(value("concat(null)")).isNull();
    }

    @Test
    void endsWithAndStartsWithAreCaseSensitiveUnlessTilde() throws Exception {
        assertThat(value("endsWith(\"regsvr32.exe\", \".exe\")")).isEqualTo(true);
        assertThat(value("endsWith(\"regsvr32.exe\", \".dll\")")).isEqualTo(false);
        assertThat(value("endsWith(\"\", \"\")")).isEqualTo(true);
        assertThat(value("endsWith(\"regsvr32.exe\", file.extension)")).isEqualTo(true);
        assertThat(value("endsWith(\"regsvr32.exe\", \".EXE\")")).isEqualTo(false);
        assertThat(value("endsWith~(\"regsvr32.exe\", \".EXE\")")).isEqualTo(true);
        assertThat(value("endsWith(\"\", null)")).isNull();
        assertThat(value("endsWith(null, \".exe\")")).isNull();
        assertThat(value("startsWith(\"regsvr32.exe\", \"regsvr32\")")).isEqualTo(true);
        assertThat(value("startsWith(\"regsvr32.exe\", \"explorer\")")).isEqualTo(false);
        assertThat(value("startsWith(\"\", \"\")")).isEqualTo(true);
        assertThat(value("startsWith(process.name, \"REGSVR\")")).isEqualTo(false);
        assertThat(value("startsWith~(process.name, \"REGSVR\")")).isEqualTo(true);
        assertThat(value("startsWith(null, null)")).isNull();
    }

    @Test
    void indexOfFollowsTheReference() throws Exception {
        assertThat(value("indexOf(url.domain, \".\")")).isEqualTo(9L);
        assertThat(value("indexOf(url.domain, \".\", 9)")).isEqualTo(9L);
        assertThat(value("indexOf(url.domain, \".\", 10)")).isEqualTo(17L);
        assertThat(value("indexOf(url.domain, \".\", -6)")).isEqualTo(9L);
        assertThat(value("indexOf(\"\", \"\")")).isEqualTo(0L);
        assertThat(value("indexOf(url.domain, \"\")")).isEqualTo(0L);
        assertThat(value("indexOf(url.domain, \"\", 9)")).isEqualTo(9L);
        assertThat(value("indexOf(url.domain, \"\", 10)")).isEqualTo(10L);
        assertThat(value("indexOf(url.domain, \"\", -6)")).isEqualTo(0L);
        assertThat(value("indexOf(url.domain, \"z\")")).isNull();
        assertThat(value("indexOf(url.domain, \"z\", 9)")).isNull();
        assertThat(value("indexOf(url.domain, \".\", 30)")).isNull();
        assertThat(value("indexOf(null, \".\", 9)")).isNull();
        assertThat(value("indexOf(url.domain, null, 9)")).isNull();
        assertThat(value("indexOf(url.domain, \".\", null)")).isNull();
        assertThat(value("indexOf~(url.domain, \"EXAMPLE\")")).isEqualTo(10L);
    }

    @Test
    void lengthFollowsTheReference() throws Exception {
        assertThat(value("length(\"explorer.exe\")")).isEqualTo(12L);
        assertThat(value("length(\"start explorer.exe\")")).isEqualTo(18L);
        assertThat(value("length(\"\")")).isEqualTo(0L);
        assertThat(value("length(null)")).isNull();
        assertThat(value("length(process.name)")).isEqualTo(12L);
    }

    @Test
    void numberFollowsTheReference() throws Exception {
        assertThat(value("number(\"1337\")")).isEqualTo(1337L);
        assertThat(value("number(\"42.5\")")).isEqualTo(42.5);
        assertThat(value("number(\"deadbeef\", 16)")).isEqualTo(3735928559L);
        assertThat(value("number(\"0xdeadbeef\")")).isEqualTo(3735928559L);
        assertThat(value("number(\"0xdeadbeef\", 16)")).isEqualTo(3735928559L);
        assertThat(value("number(\"+1337\")")).isEqualTo(1337L);
        assertThat(value("number(\"-1337\")")).isEqualTo(-1337L);
        assertThat(value("number(\"  1337  \")")).isEqualTo(1337L);
        assertThat(value("number(process.pid)")).isEqualTo(1337L);
        assertThat(value("number(null)")).isNull();
        assertThat(value("number(null, 16)")).isNull();
        assertThat(value("number(\"0xdeadbeef\", null)")).isEqualTo(3735928559L);
        assertThat(value("number(\"1337\", null)")).isEqualTo(1337L);
    }

    @Test
    void stringFollowsTheReference() throws Exception {
        assertThat(value("string(42)")).isEqualTo("42");
        assertThat(value("string(42.5)")).isEqualTo("42.5");
        assertThat(value("string(\"regsvr32.exe\")")).isEqualTo("regsvr32.exe");
        assertThat(value("string(true)")).isEqualTo("true");
        assertThat(value("string(null)")).isNull();
    }

    @Test
    void stringContainsFollowsTheReference() throws Exception {
        assertThat(value("stringContains(process.command_line, \"regsvr32\")")).isEqualTo(true);
        assertThat(value("stringContains(process.command_line, \"start \")")).isEqualTo(true);
        assertThat(value("stringContains(process.command_line, \"explorer\")")).isEqualTo(false);
        assertThat(value("stringContains(process.command_line, process.name)")).isEqualTo(true);
        assertThat(value("stringContains(\"\", \"\")")).isEqualTo(false);
        assertThat(value("stringContains(process.command_line, \"\")")).isEqualTo(false);
        assertThat(value("stringContains(null, \"regsvr32\")")).isNull();
        assertThat(value("stringContains(process.command_line, null)")).isNull();
        assertThat(value("stringContains~(process.command_line, \"REGSVR32\")")).isEqualTo(true);
    }

    @Test
    void substringFollowsTheReference() throws Exception {
        assertThat(value("substring(\"start regsvr32.exe\", 6)")).isEqualTo("regsvr32.exe");
        assertThat(value("substring(\"start regsvr32.exe\", 0, 5)")).isEqualTo("start");
        assertThat(value("substring(\"start regsvr32.exe\", 6, 14)")).isEqualTo("regsvr32");
        assertThat(value("substring(\"start regsvr32.exe\", -4)")).isEqualTo(".exe");
        assertThat(value("substring(\"start regsvr32.exe\", -4, -1)")).isEqualTo(".ex");
        assertThat(value("substring(\"start\", 9)")).isEqualTo("");
        assertThat(value("substring(\"start\", 3, 1)")).isEqualTo("");
    }

    @Test
    void wildcardFunctionFollowsTheReference() throws Exception {
        assertThat(value("wildcard(process.name, \"*regsvr32*\")")).isEqualTo(true);
        assertThat(value("wildcard(process.name, \"*regsvr32*\", \"*explorer*\")")).isEqualTo(true);
        assertThat(value("wildcard(process.name, \"*explorer*\")")).isEqualTo(false);
        assertThat(value("wildcard(process.name, \"*explorer*\", \"*scrobj*\")")).isEqualTo(false);
        assertThat(value("wildcard(\"\", \"*start*\")")).isEqualTo(false);
        assertThat(value("wildcard(\"\", \"*\")")).isEqualTo(true);
        assertThat(value("wildcard(\"\", \"\")")).isEqualTo(true);
        assertThat(value("wildcard(null, \"*regsvr32*\")")).isNull();
        assertThat(value("wildcard(process.name, null)")).isNull();
        assertThat(value("wildcard(process.name, \"*REGSVR32*\")")).isEqualTo(false);
        assertThat(value("wildcard~(process.name, \"*REGSVR32*\")")).isEqualTo(true);
    }

    @Test
    void equalityIsCaseSensitiveAndColonIsNot() throws Exception {
        assertThat(holds("user.name == \"Alice\"")).isTrue();
        assertThat(holds("user.name == \"alice\"")).isFalse();
        assertThat(holds("user.name != \"alice\"")).isTrue();
        assertThat(holds("user.name : \"alice\"")).isTrue();
        assertThat(holds("user.name : \"ALI*\"")).isTrue();
        assertThat(holds("user.name : (\"bob\", \"al?ce\")")).isTrue();
        assertThat(holds("user.name : \"al\"")).isFalse();
    }

    @Test
    void likeIsCaseSensitiveAndLikeTildeIsNot() throws Exception {
        assertThat(holds("process.name like \"regsvr*\"")).isTrue();
        assertThat(holds("process.name like \"REGSVR*\"")).isFalse();
        assertThat(holds("process.name like~ \"REGSVR*\"")).isTrue();
        assertThat(holds("process.name like (\"cmd*\", \"*32.exe\")")).isTrue();
        // a backslash in an EQL pattern is a plain character
        assertThat(holds("file.path like \"C:\\\\Windows\\\\*\"")).isTrue();
    }

    @Test
    void regexMatchesTheWholeValueInLuceneSyntax() throws Exception {
        assertThat(holds("process.name regex \"regsvr[0-9]+\\\\.exe\"")).isTrue();
        assertThat(holds("process.name regex \"regsvr\"")).isFalse();
        assertThat(holds("process.name regex \"REGSVR.*\"")).isFalse();
        assertThat(holds("process.name regex~ \"REGSVR.*\"")).isTrue();
        assertThat(holds("process.name regex \"reg@\"")).isTrue();
        // ^ is no anchor in Lucene's syntax: it is the character itself
        assertThat(holds("process.name regex \"^regsvr.*\"")).isFalse();
        assertThatThrownBy(() -> holds("process.name regex \"~(cmd)\""))
                .isInstanceOf(EqlEvaluator.EvaluationException.class).hasMessageContaining("--engine url");
    }

    @Test
    void inIsCaseSensitiveAndInTildeIsNot() throws Exception {
        assertThat(holds("process.name in (\"cmd.exe\", \"regsvr32.exe\")")).isTrue();
        assertThat(holds("process.name in (\"REGSVR32.EXE\")")).isFalse();
        assertThat(holds("process.name in~ (\"REGSVR32.EXE\")")).isTrue();
        assertThat(holds("process.name not in (\"cmd.exe\")")).isTrue();
        assertThat(holds("process.name not in (\"regsvr32.exe\")")).isFalse();
        assertThat(holds("process.args_count in (3, 4)")).isTrue();
        assertThat(holds("missing.field in (\"a\", null)")).isTrue();
    }

    @Test
    void comparisonsOrderNumbersAndTextAndNumbersWrittenAsText() throws Exception {
        assertThat(holds("process.args_count > 3")).isTrue();
        assertThat(holds("process.args_count >= 5")).isFalse();
        assertThat(holds("3 < process.args_count")).isTrue();
        assertThat(holds("process.pid == 1337")).isTrue();
        assertThat(holds("user.name < \"Bob\"")).isTrue();
        assertThat(holds("process.args_count > process.parent.args_count")).isTrue();
    }

    @Test
    void nullAndMissingFieldsFollowTheQueryDslTheTranslatorWrites() throws Exception {
        assertThat(holds("missing.field == null")).isTrue();
        assertThat(holds("user.name == null")).isFalse();
        assertThat(holds("user.name != null")).isTrue();
        assertThat(holds("?missing.field == null")).isTrue();
        // a negated term: true where the field is missing
        assertThat(holds("missing.field != \"x\"")).isTrue();
        assertThat(holds("missing.field == \"x\"")).isFalse();
        assertThat(holds("missing.field > 3")).isFalse();
        // a function of a missing field is null, a null condition false, and not its complement
        assertThat(holds("length(missing.field) > 3")).isFalse();
        assertThat(holds("not length(missing.field) > 3")).isTrue();
    }

    @Test
    void aMultiValuedFieldMeetsAConditionWhenOneOfItsValuesDoes() throws Exception {
        assertThat(holds("process.args == \"/s\"")).isTrue();
        assertThat(holds("process.args != \"/s\"")).isFalse();
        assertThat(holds("process.args : \"*.DLL\"")).isTrue();
        assertThat(holds("endsWith(dns.question.name, \".org\")")).isTrue();
        assertThat(holds("length(dns.question.name) == 13")).isTrue();
        assertThat(holds("not endsWith(dns.question.name, \".net\")")).isTrue();
    }

    @Test
    void booleanLogicAndBooleanFields() throws Exception {
        assertThat(holds("user.name == \"Alice\" and process.args_count == 4")).isTrue();
        assertThat(holds("user.name == \"Bob\" or process.args_count == 4")).isTrue();
        assertThat(holds("not (user.name == \"Bob\" or process.args_count == 5)")).isTrue();
        assertThat(holds("flag", "{\"flag\": true}")).isTrue();
        assertThat(holds("flag", "{\"flag\": false}")).isFalse();
        assertThat(holds("flag == true", "{\"flag\": true}")).isTrue();
        assertThat(holds("true")).isTrue();
        assertThat(holds("false")).isFalse();
    }

    @Test
    void dottedAndNestedSourcesReadTheSame() throws Exception {
        assertThat(holds("process.name == \"a.exe\"", "{\"process.name\": \"a.exe\"}")).isTrue();
        assertThat(holds("process.name == \"a.exe\"", "{\"process\": {\"name\": \"a.exe\"}}")).isTrue();
    }
}
