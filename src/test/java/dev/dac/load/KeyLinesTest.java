package dev.dac.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyLinesTest {

    private static final String TEXT = """
            # a comment [not.a.table]
            [metadata]
            creation_date = "2026/04/06"

            [rule]
            name = "x # not a comment"
            tags = [
                "a",
                "b", # trailing comment
            ]
            note = \"\"\"
            text with [brackets] and key = "value" lines
            \"\"\"
            query = '''
            from x | keep a
            '''
            "quoted.key" = 1
            dotted.inner = 2
            inline = { a = 1, b = [1, 2] }

            [[rule.threat]]
            framework = "MITRE ATT&CK"
            [[rule.threat.technique]]
            id = "T1"
            [[rule.threat.technique]]
            id = "T2"
            [[rule.threat.technique.subtechnique]]
            id = "T2.001"

            [rule.threat.tactic]
            id = "TA1"

            [[rule.threat]]
            [rule.threat.tactic]
            id = "TA2"
            """;

    private final KeyLines lines = KeyLines.scan(TEXT);

    @Test
    void tablesAndKeysMapToTheirLines() {
        assertThat(lines.exactLineOf("/metadata")).contains(2);
        assertThat(lines.exactLineOf("/metadata/creation_date")).contains(3);
        assertThat(lines.exactLineOf("/rule/name")).contains(6);
        assertThat(lines.exactLineOf("/rule/tags")).contains(7);
        assertThat(lines.exactLineOf("/rule/tags/1")).contains(9);
        assertThat(lines.exactLineOf("/rule/note")).contains(11);
        assertThat(lines.exactLineOf("/rule/query")).contains(14);
        assertThat(lines.exactLineOf("/rule/quoted.key")).contains(17);
        assertThat(lines.exactLineOf("/rule/quoted/key")).isEmpty();
        assertThat(lines.exactLineOf("/rule/dotted/inner")).contains(18);
        assertThat(lines.exactLineOf("/rule/inline/b/1")).contains(19);
    }

    @Test
    void arraysOfTablesAreIndexedPerParent() {
        assertThat(lines.exactLineOf("/rule/threat/0/framework")).contains(22);
        assertThat(lines.exactLineOf("/rule/threat/0/technique/0/id")).contains(24);
        assertThat(lines.exactLineOf("/rule/threat/0/technique/1/id")).contains(26);
        assertThat(lines.exactLineOf("/rule/threat/0/technique/1/subtechnique/0/id")).contains(28);
        assertThat(lines.exactLineOf("/rule/threat/0/tactic/id")).contains(31);
        assertThat(lines.exactLineOf("/rule/threat/1/tactic/id")).contains(35);
    }

    @Test
    void missingPathsFallBackToTheNearestAncestor() {
        assertThat(lines.lineOf("/rule/threat/1/tactic/reference")).contains(34);
        assertThat(lines.lineOf("/rule/severity")).contains(5);
        assertThat(lines.lineOf("/nothing")).isEmpty();
    }

    @Test
    void linesInsideMultiLineStringsCountFromTheirFirstTextLine() {
        assertThat(lines.lineInString("/rule/note", 1)).contains(12);
        assertThat(lines.lineInString("/rule/query", 1)).contains(15);
        assertThat(lines.lineInString("/rule/name", 1)).contains(6);
    }

    @Test
    void aSingleLineStringWithEscapedNewlinesStaysOnItsKeysLine() {
        KeyLines escaped = KeyLines.scan("[rule]\nquery = \"a: b\\nand c: d\"\nname = \"x\"\n");
        assertThat(escaped.lineInString("/rule/query", 2)).contains(2);
        assertThat(escaped.lineInString("/rule/name", 1)).contains(3);
    }

    @Test
    void duplicateKeysAreFoundWithBothLines() {
        KeyLines dup = KeyLines.scan("[rule]\nname = \"a\"\nx = 1\nname = \"b\"\n");
        assertThat(dup.duplicates()).singleElement()
                .isEqualTo(new KeyLines.DuplicateKey("/rule/name", 2, 4));
        assertThat(lines.duplicates()).isEmpty();
    }
}
