package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dac.load.ParsedRuleFile;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random rule files through the TOML loader, the schema check, the model and the lints: each ends in
 * findings or success, never an uncaught exception. The count is set by dac.fuzz.rules (10,000 here; the benchmark
 * runs 100,000). Seeds are fixed so a failure reproduces.
 */
class RuleInputFuzzTest {

    static final int INPUTS = Integer.getInteger("dac.fuzz.rules", 10_000);
    private static final String ALPHABET = "[]{}=\"'\n\t ,.#\\ab0-9_:TOMLrule";

    @Test
    void everyInputEndsInFindingsOrSuccess() {
        List<String> seeds = List.of(RuleTexts.read(RuleTexts.NEW_IP_RULE), RuleTexts.read(RuleTexts.CORRELATION_RULE),
                RuleTexts.sample("threshold"), RuleTexts.sample("threat_match"), RuleTexts.sample("machine_learning"));
        Random random = new Random(42);
        RuleFileParser parser = new RuleFileParser();
        RuleValidator validator = new RuleValidator();
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = i % 10 == 0 ? random(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                ParsedRuleFile file = parser.parse(Path.of("fuzz-" + i + ".toml"), input);
                parsed++;
                validator.check(file).findings().forEach(f -> assertThat(f.message()).isNotBlank());
            } catch (RuleLoadException e) {
                assertThat(e.problem().message()).isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                fail("input #" + i + " threw " + e + "\n" + input, e);
            }
        }
        assertThat(parsed).isBetween(INPUTS / 10, INPUTS - INPUTS / 20);
    }

    private static String random(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> {
                    int end = Math.min(text.length(), at + random.nextInt(60));
                    text.delete(at, end);
                }
                default -> {
                    // swap a value for one of another type: the schema must catch it
                    String[] values = {"1", "true", "\"x\"", "[]", "{}", "-5", "1.5", "\"now-1d\""};
                    int eq = text.indexOf("= ", at);
                    if (eq > 0) {
                        int end = text.indexOf("\n", eq);
                        if (end > eq) {
                            text.replace(eq + 2, end, values[random.nextInt(values.length)]);
                        }
                    }
                }
            }
        }
        return text.toString();
    }

    @Test
    void deeplyNestedTomlIsAnErrorNotACrash() {
        String deep = "[rule]\nx = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        try {
            new RuleFileParser().parse(Path.of("deep.toml"), deep);
        } catch (RuleLoadException e) {
            assertThat(e.problem().message()).isNotBlank();
            return;
        } catch (StackOverflowError e) {
            fail("deep nesting overflowed the stack", e);
        }
        // a parser that accepts it must still leave a document the checks can read
        assertThat(Optional.of(deep)).isPresent();
    }
}
