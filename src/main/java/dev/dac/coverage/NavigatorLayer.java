package dev.dac.coverage;

import dev.dac.report.Version;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ATT&CK Navigator layer (layer format 4.5, github.com/mitre-attack/attack-navigator layers/spec/v4.5) of a
 * coverage: one technique object per covered technique or sub-technique under each tactic, its score the number of
 * rules, the rule names in its comment and metadata. Open it in the Navigator with "Open Existing Layer".
 */
public final class NavigatorLayer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NavigatorLayer() {}

    public static String of(AttackCoverage coverage, String name) {
        ObjectNode layer = JSON.createObjectNode();
        layer.put("name", name);
        ObjectNode versions = layer.putObject("versions");
        // the Navigator wants the ATT&CK major version ("19" for v19.2)
        versions.put("attack", coverage.attackVersion().replaceFirst("^v", "").replaceFirst("\\..*", ""));
        versions.put("navigator", "5.1.0");
        versions.put("layer", "4.5");
        layer.put("domain", "enterprise-attack");
        layer.put("description", "Detection rules per technique, written by dac coverage " + Version.current()
                + " from " + coverage.ruleCount() + " rule" + (coverage.ruleCount() == 1 ? "" : "s")
                + "; the score is the number of rules.");
        layer.put("sorting", 3);
        ObjectNode layout = layer.putObject("layout");
        layout.put("layout", "side");
        layout.put("showID", true);
        layout.put("showName", true);
        layout.put("expandedSubtechniques", "annotated");
        layer.put("hideDisabled", false);
        ArrayNode techniques = layer.putArray("techniques");
        for (AttackCoverage.Column column : coverage.columns()) {
            for (AttackCoverage.Cell cell : column.cells()) {
                if (!cell.rules().isEmpty()) {
                    ObjectNode technique = technique(techniques, cell.techniqueId(), column.shortName(), cell.rules());
                    technique.put("showSubtechniques", !cell.subtechniques().isEmpty());
                }
                cell.subtechniques().forEach((sub, rules) -> technique(techniques, sub, column.shortName(), rules));
            }
        }
        ObjectNode gradient = layer.putObject("gradient");
        gradient.putArray("colors").add(CoverageHtml.colour(1, 2)).add(CoverageHtml.colour(2, 2));
        gradient.put("minValue", 1);
        gradient.put("maxValue", Math.max(2, coverage.maxRules()));
        layer.putArray("legendItems");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(layer) + "\n";
    }

    private static ObjectNode technique(ArrayNode techniques, String id, String tactic, List<String> rules) {
        ObjectNode technique = techniques.addObject();
        technique.put("techniqueID", id);
        technique.put("tactic", tactic);
        technique.put("score", rules.size());
        technique.put("comment", String.join("; ", rules));
        technique.put("enabled", true);
        ArrayNode metadata = technique.putArray("metadata");
        rules.forEach(rule -> metadata.addObject().put("name", "rule").put("value", rule));
        return technique;
    }
}
