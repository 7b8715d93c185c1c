package dev.dac.validate;

import dev.dac.load.ParsedRuleFile;
import dev.dac.rule.RuleFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A parsed rule file on its way through the checks: the document and its key lines always, the typed model and the
 * query analyses when the document could be read as a rule. Findings made through it carry the file, the line of the
 * field and the rule_id.
 */
public record RuleUnderCheck(ParsedRuleFile parsed, Optional<RuleFile> model, QueryAnalyses queries) {

    public Path path() {
        return parsed.path();
    }

    /** The rule_id as written, even when the rest of the file does not fit the schema. */
    public String ruleId() {
        var id = parsed.document().path("rule").path("rule_id");
        return id.isString() ? id.asString() : null;
    }

    public String name() {
        var name = parsed.document().path("rule").path("name");
        return name.isString() ? name.asString() : null;
    }

    public boolean isDeprecated() {
        return "deprecated".equals(parsed.document().path("metadata").path("maturity").asString(""));
    }

    /** A finding at the line of the field with JSON pointer {@code pointer} (or its nearest ancestor). */
    public Finding findingAt(Check check, String pointer, String message) {
        return new Finding(path(), parsed.lines().lineOf(pointer).orElse(null), ruleId(), check, message);
    }

    /** A finding at line {@code lineInValue} of the multi-line string at {@code pointer}, such as a query. */
    public Finding findingInString(Check check, String pointer, int lineInValue, String message) {
        Integer line = parsed.lines().lineInString(pointer, lineInValue).orElse(null);
        return new Finding(path(), line, ruleId(), check, message);
    }
}
