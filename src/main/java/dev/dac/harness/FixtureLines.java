package dev.dac.harness;

import dev.dac.load.ParsedRuleFile;
import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where a case's parts are written in its fixture file, so every finding about them names the line: the case, each
 * source event (a {@code repeat}ed event is one table for all its copies) and each expectation and expected alert.
 * Read again from the file, as {@link FixtureReader} found it; a file that changed since reads as no lines.
 */
final class FixtureLines {

    private final ParsedRuleFile parsed;
    private final String casePointer;
    private final List<String> eventPointers = new ArrayList<>();

    private FixtureLines(ParsedRuleFile parsed, String casePointer) {
        this.parsed = parsed;
        this.casePointer = casePointer;
        if (parsed != null && casePointer != null) {
            int e = 0;
            for (JsonNode event : parsed.document().at(casePointer).path("event")) {
                int copies = Math.max(1, event.path("repeat").asInt(1));
                for (int i = 0; i < copies; i++) {
                    eventPointers.add(casePointer + "/event/" + e);
                }
                e++;
            }
        }
    }

    static FixtureLines of(TestCase testCase) {
        try {
            ParsedRuleFile parsed = new RuleFileParser().parse(testCase.file());
            int index = 0;
            for (JsonNode node : parsed.document().path("case")) {
                if (node.path("name").asString("").equals(testCase.name())) {
                    return new FixtureLines(parsed, "/case/" + index);
                }
                index++;
            }
            return new FixtureLines(parsed, null);
        } catch (RuleLoadException e) {
            return new FixtureLines(null, null);
        }
    }

    /** "line N" of the n-th source event (0-based, as the case lists them after repeats), or "". */
    String event(int n) {
        return n < eventPointers.size() ? line(eventPointers.get(n)) : "";
    }

    String expectation(int x) {
        return line(casePointer + "/expect/" + x);
    }

    String expectedAlert(int x, int y) {
        return line(casePointer + "/expect/" + x + "/alert/" + y);
    }

    String expectedField(int x, int y, String field) {
        String pointer = casePointer + "/expect/" + x + "/alert/" + y + "/" + field.replace("~", "~0").replace("/", "~1");
        return line(pointer);
    }

    private String line(String pointer) {
        if (parsed == null || casePointer == null) {
            return "";
        }
        Optional<Integer> line = parsed.lines().lineOf(pointer);
        // the file name, as the case's FAIL line names the fixture
        return line.map(l -> parsed.path().getFileName() + ":" + l).orElse("");
    }
}
