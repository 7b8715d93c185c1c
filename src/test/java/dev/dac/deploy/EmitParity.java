package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link DetectionRulesParity}: related_integrations measured against the version lock's
 * {@code stack_emit["9.5"].sha256}, the hash of the body detection-rules emits for stack 9.5 with its
 * related_integrations ({@link StackEmit}). dac's body is built for stack 9.5.0 (detection-rules resolves integration
 * versions for its package stack, {@code resolve_related_integration_version}), with detection-rules' required_fields
 * types where the baseline comparison found them.
 *
 * <p>A mismatch is one of: the baseline body already differs; the threat holds a technique that ATT&CK v19 changed
 * and dac cannot rebuild without v19 data (a tactic and technique pair no rule without an emit hash uses: the emit of
 * such a rule leaves its threat as it is, so the pairs those rules use are unchanged in v19); or else
 * related_integrations (or the v19 name or tactic of a Defense Evasion technique), listed with dac's value.
 */
final class EmitParity {

    private final RuleConverter converter = new RuleConverter(new RuleConverter.Settings(null, null, "9.5.0"));
    private final JsonNode lock;
    /** "tactic id/technique id/name" of every technique of the locked rules without an emit hash. */
    private final Set<String> unchangedInV19 = new HashSet<>();
    private final Map<String, List<String[]>> otherTactics = otherTactics();

    private int withEmit;
    private int withIntegration;
    private int equalWithIntegration;
    private int equal;
    private int equalWithRelated;
    private int baselineDiffers;
    private int v19Unknown;
    private final StringBuilder unexplained = new StringBuilder();
    private int unexplainedCount;

    EmitParity(List<RuleFile> rules, JsonNode lock) {
        this.lock = lock;
        for (RuleFile file : rules) {
            JsonNode locked = lock.path(file.rule().ruleId());
            if (locked.has("sha256") && !locked.has("stack_emit")) {
                file.document().path("rule").path("threat").forEach(entry -> pairs(entry).forEach(unchangedInV19::add));
            }
        }
    }

    private static List<String> pairs(JsonNode entry) {
        String tactic = entry.path("tactic").path("id").asString("");
        List<String> out = new ArrayList<>();
        for (JsonNode technique : entry.path("technique")) {
            out.add(tactic + "/" + technique.path("id").asString() + "/" + technique.path("name").asString());
            for (JsonNode sub : technique.path("subtechnique")) {
                out.add(tactic + "/" + sub.path("id").asString() + "/" + sub.path("name").asString());
            }
        }
        return out;
    }

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
        String expected = entry.path("sha256").asString();
        if (matches(shaped, expected)) {
            equal++;
            equalWithRelated += related.isEmpty() ? 0 : 1;
            equalWithIntegration += tagged ? 1 : 0;
            return;
        }
        JsonNode threat = file.document().path("rule").path("threat");
        boolean v19Changed = false;
        for (JsonNode t : threat) {
            if (StackEmit.STEALTH.equals(t.path("tactic").path("id").asString())) {
                continue;
            }
            for (String pair : pairs(t)) {
                v19Changed |= !unchangedInV19.contains(pair);
            }
        }
        if (v19Changed) {
            v19Unknown++;
            return;
        }
        unexplainedCount++;
        unexplained.append("emit\t").append(file.rule().ruleId()).append('\t').append(file.path().getFileName())
                .append("\tdac: ").append(related.isEmpty() ? "none" : PythonJson.dumps(related)).append('\n');
    }

    /** Placements tried per rule at most (every Defense Evasion technique has up to four). */
    private static final int MAX_PLACEMENTS = 4096;

    /**
     * Tries the likely v19 placements of the rule's Defense Evasion techniques: Stealth, Defense Impairment, the
     * technique's other tactics of ATT&CK v18 (dac's table) with or without Defense Impairment, another tactic of the
     * rule with or without Defense Impairment (T1112 Modify Registry: Defense Impairment and Persistence).
     */
    private boolean matches(ObjectNode shaped, String expected) {
        List<String> placed = StackEmit.placed(shaped.path("threat"));
        List<String[]> ruleTactics = new ArrayList<>();
        shaped.path("threat").forEach(entry -> {
            String tactic = entry.path("tactic").path("id").asString("");
            if (!tactic.equals(StackEmit.STEALTH) && ruleTactics.stream().noneMatch(t -> t[0].equals(tactic))) {
                ruleTactics.add(new String[] {tactic, entry.path("tactic").path("name").asString()});
            }
        });
        String[] stealth = {StackEmit.STEALTH, "Stealth"};
        String[] impairment = {StackEmit.DEFENSE_IMPAIRMENT, "Defense Impairment"};
        List<List<List<String[]>>> options = new ArrayList<>();
        long combinations = 1;
        for (String id : placed) {
            Map<String, List<String[]>> choices = new LinkedHashMap<>();
            List<String[]> others = otherTactics.getOrDefault(id.contains(".") ? id.substring(0, id.indexOf('.')) : id,
                    List.of());
            List<List<String[]>> lists = new ArrayList<>();
            lists.add(List.<String[]>of(stealth));
            lists.add(List.<String[]>of(impairment));
            lists.add(others);
            lists.add(concat(others, List.<String[]>of(impairment)));
            lists.add(concat(List.<String[]>of(impairment), others));
            for (String[] tactic : ruleTactics) {
                lists.add(List.<String[]>of(tactic));
                lists.add(List.of(impairment, tactic));
            }
            for (List<String[]> list : lists) {
                if (!list.isEmpty()) {
                    choices.putIfAbsent(String.join(",", list.stream().map(t -> t[0]).toList()), list);
                }
            }
            options.add(new ArrayList<>(choices.values()));
            combinations *= choices.size();
        }
        if (combinations > MAX_PLACEMENTS) {
            return false;
        }
        int[] choice = new int[placed.size()];
        while (true) {
            Map<String, List<String[]>> placement = new HashMap<>();
            for (int i = 0; i < placed.size(); i++) {
                placement.put(placed.get(i), options.get(i).get(choice[i]));
            }
            List<String[]> asStealth = List.<String[]>of(stealth);
            if (VersionLock.hash(StackEmit.emit(shaped, id -> placement.getOrDefault(id, asStealth))).equals(expected)) {
                return true;
            }
            int i = 0;
            while (i < choice.length && ++choice[i] == options.get(i).size()) {
                choice[i++] = 0;
            }
            if (i == choice.length) {
                return false;
            }
        }
    }

    private static List<String[]> concat(List<String[]> a, List<String[]> b) {
        List<String[]> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Technique id to its ATT&CK v18 tactics but Defense Evasion, in the table's tactic order (dac's table). */
    private static Map<String, List<String[]>> otherTactics() {
        Map<String, String> tacticNames = new LinkedHashMap<>();
        Map<String, List<String[]>> others = new HashMap<>();
        try (InputStream in = EmitParity.class.getResourceAsStream("/dev/dac/validate/attack-enterprise.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (String line : lines) {
                String[] cells = line.split("\t", -1);
                if (cells[0].equals("tactic")) {
                    tacticNames.put(cells[1], cells[2]);
                }
            }
            for (String line : lines) {
                String[] cells = line.split("\t", -1);
                if (cells[0].equals("technique") && cells.length > 3) {
                    List<String> ids = List.of(cells[3].split(","));
                    List<String[]> list = new ArrayList<>();
                    tacticNames.forEach((id, name) -> {
                        if (ids.contains(id) && !id.equals(StackEmit.STEALTH)) {
                            list.add(new String[] {id, name});
                        }
                    });
                    others.put(cells[1], list);
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dac's ATT&CK table is missing", e);
        }
        return others;
    }

    void report(PrintStream out) {
        out.printf("stack_emit 9.5 (related_integrations included): %d rules with an emit hash: %d equal (%d of them"
                + " with related_integrations); %d not compared as their baseline body differs; %d with a"
                + " technique ATT&CK v19 changed, not rebuilt without v19 data; %d with Defense Evasion techniques"
                + " none of the tried v19 placements fits (or a related_integrations difference):%n",
                withEmit, equal, equalWithRelated, baselineDiffers, v19Unknown, unexplainedCount);
        out.printf("  of them with [metadata] integration: %d, %d equal%n", withIntegration, equalWithIntegration);
        out.print(unexplained);
    }
}
