package dev.dac.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dac.fields.FieldCatalog;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random text and mutated real queries (from the public detection-rules corpus): the parser either returns a tree
 * that the translator and the field check accept, or throws an EQL syntax error; nothing else may escape. Seeds are
 * fixed so a failure reproduces.
 */
class EqlParserFuzzTest {

    static final int INPUTS = 100_000;

    private static final String ALPHABET = "ab :()[]\"\\*~?!=<>|,.-+/%`'{}\t\n0123456789@_"
            + "andornotinlikeregexwherebywithsequencesamplemaxspanrunsuntilanynulltrue5mü€";

    @Test
    void everyInputParsesOrFailsWithASyntaxError() {
        List<String> seeds = PublicEqlRules.all().stream().map(PublicEqlRules.PublicRule::query)
                .filter(q -> q.length() < 600).toList();
        Random random = new Random(20261205L);
        EqlTranslator translator = new EqlTranslator();
        EqlFieldCheck check = new EqlFieldCheck(FieldCatalog.builtIn().forPatterns(
                List.of("logs-endpoint.events.*")));
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = i % 4 == 0 ? randomText(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                EqlNode.Statement statement = EqlParser.parse(input);
                parsed++;
                for (EqlNode.EventFilter filter : filters(statement)) {
                    assertThat(translator.translate(filter).query()).isNotNull();
                }
                if (parsed % 50 == 0) {
                    check.check(statement); // one in 50: its spelling suggestions are slow for so many new names
                }
            } catch (EqlSyntaxException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
                assertThat(e.offset()).isBetween(0, input.length());
            } catch (RuntimeException | StackOverflowError e) {
                fail("input #" + i + " [" + input + "] threw " + e, e);
            }
        }
        // the mix must exercise both outcomes, or the fuzzing proves little
        assertThat(parsed).isBetween(INPUTS / 20, INPUTS - INPUTS / 20);
    }

    private static List<EqlNode.EventFilter> filters(EqlNode.Statement statement) {
        EqlNode.Query query = statement.query();
        if (query instanceof EqlNode.EventQuery event) {
            return List.of(event.filter());
        }
        List<EqlNode.Step> steps = query instanceof EqlNode.Sequence s ? s.steps() : ((EqlNode.Sample) query).steps();
        return steps.stream().map(EqlNode.Step::filter).toList();
    }

    private static String randomText(Random random) {
        int length = random.nextInt(60);
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "process where " : "");
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> text.delete(at, Math.min(text.length(), at + random.nextInt(12)));
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(8))));
            }
        }
        return text.toString();
    }
}
