package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated queries: the parser either returns a tree the translator and evaluator accept, or throws a
 * KQL syntax error; nothing else may escape. Seeds are fixed so a failure reproduces.
 */
class KqlParserFuzzTest {

    static final int INPUTS = Integer.getInteger("dac.fuzz.kql", 100_000);

    private static final List<String> SEEDS = List.of(
            "event.dataset: \"aws.cloudtrail\" and event.outcome: \"success\" and source.ip:* and "
                    + "aws.cloudtrail.user_identity.access_key_id: AKIA*",
            "a: (b or \"c d\") and not x < 5", "items: { name: a and count > 2 }", "not (a: 1 or b: 2)",
            "message: hel* or \"quoted \\\" text\"", "event.action: a\\(b\\)\\:c \\or", "@timestamp >= now-1d",
            "*:*", "hello world", "f: \\u0041 and g: tab\\there");
    private static final String ALPHABET = "ab :()\"\\*{}<>=!-.\t\nANDORNOTandornot0123456789@_/,'uxü€";

    @Test
    void everyInputParsesOrFailsWithASyntaxError() {
        Random random = new Random(20261123L);
        KqlTranslator translator = new KqlTranslator(TestFields.MAP);
        KqlEvaluator evaluator = new KqlEvaluator(TestFields.MAP,
                java.time.Clock.fixed(java.time.Instant.parse("2026-04-15T10:30:00Z"), java.time.ZoneOffset.UTC));
        var doc = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("event.outcome", "x");
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = i % 2 == 0 ? randomText(random) : mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            try {
                KqlNode node = KqlParser.parse(input);
                parsed++;
                assertThat(translator.translate(node)).isNotNull();
                try {
                    evaluator.matches(node, doc);
                } catch (KqlEvaluator.UnsupportedComparison e) {
                    // Elasticsearch would refuse such a value too; that is an answer, not a crash
                }
            } catch (KqlSyntaxException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
            } catch (RuntimeException | StackOverflowError e) {
                fail("input #" + i + " [" + input + "] threw " + e, e);
            }
        }
        // the mix must exercise both outcomes, or the fuzzing proves little
        assertThat(parsed).isBetween(INPUTS / 20, INPUTS - INPUTS / 20);
    }

    private static String randomText(Random random) {
        int length = random.nextInt(40);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(8))));
            }
        }
        return text.toString();
    }
}
