package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import dev.dac.validate.AttackCatalog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link DetectionRulesParity}: related_integrations and dac's ATT&CK v19 table measured against the version lock's
 * {@code stack_emit["9.5"].sha256}, the hash of the body detection-rules emits for stack 9.5 with its
 * related_integrations and its threat and tactic tags converted to ATT&CK v19 ({@link StackEmit}, with dac's table). dac's
 * body is built for stack 9.5.0 (detection-rules resolves integration versions for its package stack,
 * {@code resolve_related_integration_version}), with detection-rules' required_fields types where the baseline
 * comparison found them. A rule whose baseline body already differs is not compared; every other mismatch is listed
 * with dac's emitted threat and related_integrations.
 */
final class EmitParity {

    private final RuleConverter converter = new RuleConverter(new RuleConverter.Settings(null, null, "9.5.0"));
    private final StackEmit stackEmit = new StackEmit(AttackCatalog.load());

    private int withEmit;
    private int withIntegration;
    private int equalWithIntegration;
    private int equal;
    private int equalWithRelated;
    private int baselineDiffers;
    /** ATT&CK ids (tactics, techniques, subtechniques) of the equal emitted bodies, with their v19 name. */
    private final Map<String, String> confirmed = new TreeMap<>();
    /** Of them, the ids whose name the rules' v18 mapping gives otherwise. */
    private final Set<String> renamed = new TreeSet<>();
    private final StringBuilder differing = new StringBuilder();
    private int differingCount;

    /**
     * Compares one rule. {@code requiredFields}: detection-rules' required_fields when only their types differed in
     * the baseline (null: dac's own); {@code baselineEqual}: whether the baseline hash matched (with those types).
     */
    void compare(RuleFile file, JsonNode locked, ArrayNode requiredFields, boolean baselineEqual) {
        JsonNode entry = locked.path("stack_emit").path("9.5");
        if (!entry.has("sha256")) {
            return;
        }
        withEmit++;
        boolean tagged = file.metadata() != null && !file.metadata().integration().isEmpty();
        withIntegration += tagged ? 1 : 0;
        if (!baselineEqual) {
            baselineDiffers++;
            return;
        }
        ObjectNode body = converter.toApi(file);
        ObjectNode shaped = DetectionRulesParity.detectionRulesShape(file, body);
        JsonNode related = body.path("related_integrations");
        if (!related.isEmpty()) {
            shaped.set("related_integrations", related.deepCopy());
        }
        if (DetectionRulesParity.usesKeepStar(shaped)) {
            shaped.remove("required_fields");
        } else if (requiredFields != null) {
            shaped.set("required_fields", requiredFields.deepCopy());
        }
        ObjectNode emitted = stackEmit.emit(shaped);
        if (VersionLock.hash(emitted).equals(entry.path("sha256").asString())) {
            equal++;
            Map<String, String> before = names(shaped.path("threat"));
            names(emitted.path("threat")).forEach((id, name) -> {
                confirmed.put(id, name);
                if (before.containsKey(id) && !before.get(id).equals(name)) {
                    renamed.add(id);
                }
            });
            equalWithRelated += related.isEmpty() ? 0 : 1;
            equalWithIntegration += tagged ? 1 : 0;
            return;
        }
        differingCount++;
        differing.append("emit\t").append(file.rule().ruleId()).append('\t').append(file.path().getFileName())
                .append("\tthreat: ").append(summary(shaped.path("threat"))).append(" -> ")
                .append(summary(emitted.path("threat")))
                .append("\trelated_integrations: ").append(related.isEmpty() ? "none" : PythonJson.dumps(related))
                .append('\n');
    }

    /** Every id of a threat with its name. */
    private static Map<String, String> names(JsonNode threat) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode entry : threat) {
            out.put(entry.path("tactic").path("id").asString(), entry.path("tactic").path("name").asString());
            for (JsonNode technique : entry.path("technique")) {
                out.put(technique.path("id").asString(), technique.path("name").asString());
                technique.path("subtechnique").forEach(s -> out.put(s.path("id").asString(), s.path("name").asString()));
            }
        }
        return out;
    }

    /** "TA0005[T1112,T1562.001] TA0003[...]": a threat's tactics with their techniques and subtechniques. */
    private static String summary(JsonNode threat) {
        StringBuilder out = new StringBuilder();
        for (JsonNode entry : threat) {
            out.append(out.isEmpty() ? "" : " ").append(entry.path("tactic").path("id").asString())
                    .append('(').append(entry.path("tactic").path("name").asString()).append(")[");
            List<String> ids = new ArrayList<>();
            for (JsonNode technique : entry.path("technique")) {
                ids.add(technique.path("id").asString() + " " + technique.path("name").asString());
                technique.path("subtechnique").forEach(s -> ids.add(s.path("id").asString() + " "
                        + s.path("name").asString()));
            }
            out.append(String.join(", ", ids)).append(']');
        }
        return out.toString();
    }

    void report(PrintStream out) {
        out.printf("stack_emit 9.5 (related_integrations included, ATT&CK v19 from dac's %s table): %d rules with an"
                + " emit hash: %d equal (%d of them with related_integrations); %d not compared as their baseline body"
                + " differs; %d differ:%n",
                AttackCatalog.load().version(), withEmit, equal, equalWithRelated, baselineDiffers, differingCount);
        out.printf("  of them with [metadata] integration: %d, %d equal%n", withIntegration, equalWithIntegration);
        out.printf("  ATT&CK ids the equal bodies carry, so with the v19 name (and, for a technique that moved, tactics)"
                + " of dac's table confirmed: %d, of them renamed since the rules' v18 mapping: %d %s%n",
                confirmed.size(), renamed.size(), renamed);
        out.print(differing);
    }
}
