package dev.dac.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * For {@link DetectionRulesParity}: detection-rules' stack emit transforms for its 9.5 emit epoch
 * ({@code detection_rules/stack_emit.py}: {@code mitre_attack_v19}, then {@code related_integrations_gte}), applied to
 * a body in detection-rules' shape that keeps its related_integrations. The version lock's
 * {@code stack_emit["9.5"].sha256} is the hash of that emitted body ({@code get_emit_hashable_content}).
 *
 * <p>{@code mitre_attack_v19} converts the threat with {@code attack.convert_threat_to_version} and the version map
 * {@code detection_rules/etc/attack-version-maps/attack_v18_to_v19.yaml} (its explicit rows are {@link #TECHNIQUES}
 * and {@link #SUBTECHNIQUES}); every other id is derived from ATT&CK v19's STIX data, which this machine does not
 * have. So: ids keep the name the body gives them, tactics keep their tactic but for Defense Evasion (TA0005, called
 * Stealth in v19), whose techniques go where {@code placement} says (Stealth, the new Defense Impairment (TA0112),
 * or the technique's other tactics: {@code _tactics_for_technique}); the caller tries the likely placements. A v19
 * rename, revocation or tactic move elsewhere is not reproduced.
 */
final class StackEmit {

    static final String FRAMEWORK = "MITRE ATT&CK";
    static final String STEALTH = "TA0005";
    static final String DEFENSE_IMPAIRMENT = "TA0112";

    /** Techniques a rule may place under more tactics than this are not searched (2^n bodies). */
    static final int MAX_PLACED = 12;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The explicit technique rows of attack_v18_to_v19.yaml: source id to target id and name. */
    static final Map<String, String[]> TECHNIQUES = Map.of(
            "T1562", new String[] {"T1685", "Disable or Modify Tools"},
            "T1656", new String[] {"T1684.001", "Impersonation"});

    /** The explicit subtechnique rows of attack_v18_to_v19.yaml; a target without a dot is a technique. */
    static final Map<String, String[]> SUBTECHNIQUES = Map.ofEntries(
            Map.entry("T1070.001", new String[] {"T1685.005", "Clear Windows Event Logs"}),
            Map.entry("T1070.002", new String[] {"T1685.006", "Clear Linux or Mac System Logs"}),
            Map.entry("T1547.011", new String[] {"T1647", "Plist File Modification"}),
            Map.entry("T1562.001", new String[] {"T1685", "Disable or Modify Tools"}),
            Map.entry("T1562.002", new String[] {"T1685.001", "Disable or Modify Windows Event Log"}),
            Map.entry("T1562.004", new String[] {"T1686", "Disable or Modify System Firewall"}),
            Map.entry("T1562.006", new String[] {"T1685", "Disable or Modify Tools"}),
            Map.entry("T1562.007", new String[] {"T1686.001", "Cloud Firewall"}),
            Map.entry("T1562.008", new String[] {"T1685.002", "Disable or Modify Cloud Log"}),
            Map.entry("T1562.010", new String[] {"T1689", "Downgrade Attack"}));

    private StackEmit() {}

    /**
     * The body as detection-rules emits it for the 9.5 epoch; {@code placement} gives the target tactics (id, name) of
     * each technique of a Defense Evasion entry.
     */
    static ObjectNode emit(ObjectNode body, Function<String, List<String[]>> placement) {
        ObjectNode emitted = body.deepCopy();
        JsonNode baseline = body.path("threat");
        if (baseline.isArray()) {
            ArrayNode converted = convertThreat((ArrayNode) baseline, placement);
            if (!converted.isEmpty()) {
                emitted.set("threat", converted);
            }
            emitted.set("tags", rewriteTacticTags(emitted.path("tags"), baseline, emitted.path("threat")));
        }
        // related_integrations_gte
        emitted.path("related_integrations").forEach(entry -> {
            String version = entry.path("version").asString("");
            if (version.startsWith("^")) {
                ((ObjectNode) entry).put("version", ">=" + version.substring(1));
            }
        });
        return emitted;
    }

    /** The technique ids (after the version map) a body's Defense Evasion entries hold: those a placement chooses. */
    static List<String> placed(JsonNode threat) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode entry : threat) {
            if (!FRAMEWORK.equals(entry.path("framework").asString()) || !STEALTH.equals(tacticId(entry))) {
                continue;
            }
            for (JsonNode technique : entry.path("technique")) {
                ids.add(techniqueDest(technique)[0]);
                for (JsonNode sub : technique.path("subtechnique")) {
                    String[] dest = subtechniqueDest(sub);
                    if (!dest[0].contains(".")) {
                        ids.add(dest[0]);
                    }
                }
            }
        }
        return new ArrayList<>(ids);
    }

    private static String tacticId(JsonNode entry) {
        return entry.path("tactic").path("id").asString("");
    }

    private static String[] techniqueDest(JsonNode technique) {
        String id = technique.path("id").asString("");
        return TECHNIQUES.getOrDefault(id, new String[] {id, technique.path("name").asString(id)});
    }

    private static String[] subtechniqueDest(JsonNode sub) {
        String id = sub.path("id").asString("");
        return SUBTECHNIQUES.getOrDefault(id, new String[] {id, sub.path("name").asString(id)});
    }

    private static String reference(String kind, String id) {
        return "https://attack.mitre.org/" + kind + "/" + id.replace('.', '/') + "/";
    }

    static ObjectNode tactic(String id, String name) {
        ObjectNode tactic = JSON.objectNode();
        tactic.put("id", id);
        tactic.put("name", name);
        tactic.put("reference", reference("tactics", id));
        return tactic;
    }

    private static ObjectNode ref(String[] dest, String kind) {
        ObjectNode node = JSON.objectNode();
        node.put("id", dest[0]);
        node.put("name", dest[1]);
        node.put("reference", reference(kind, dest[0]));
        return node;
    }

    /** {@code attack.convert_threat_to_version}: passthrough entries first, then one entry per target tactic. */
    static ArrayNode convertThreat(ArrayNode threat, Function<String, List<String[]>> placement) {
        List<JsonNode> passthru = new ArrayList<>();
        Map<String, ObjectNode> byTactic = new LinkedHashMap<>();
        Set<String> tacticOnly = new HashSet<>();
        for (JsonNode entry : threat) {
            if (!FRAMEWORK.equals(entry.path("framework").asString())) {
                passthru.add(entry.deepCopy());
                continue;
            }
            JsonNode source = entry.path("tactic");
            ObjectNode tacticDest = STEALTH.equals(source.path("id").asString())
                    ? tactic(STEALTH, "Stealth") : (ObjectNode) source.deepCopy();
            if (entry.path("technique").isEmpty()) {
                tacticOnly.add(tacticDest.path("id").asString());
                entryFor(byTactic, tacticDest);
                continue;
            }
            for (JsonNode technique : entry.path("technique")) {
                String[] techDest = techniqueDest(technique);
                List<ObjectNode> subs = new ArrayList<>();
                List<String[]> promoted = new ArrayList<>();
                for (JsonNode sub : technique.path("subtechnique")) {
                    String[] dest = subtechniqueDest(sub);
                    if (dest[0].contains(".")) {
                        subs.add(ref(dest, "techniques"));
                    } else {
                        promoted.add(dest);
                    }
                }
                List<ObjectNode> built = new ArrayList<>();
                built.add(techniqueEntry(techDest, subs));
                promoted.forEach(dest -> built.add(techniqueEntry(dest, List.of())));
                for (ObjectNode one : built) {
                    if (!STEALTH.equals(tacticDest.path("id").asString())) {
                        merge(entryFor(byTactic, tacticDest), one.deepCopy());
                        continue;
                    }
                    for (String[] target : placement.apply(one.path("id").asString())) {
                        merge(entryFor(byTactic, tactic(target[0], target[1])), one.deepCopy());
                    }
                }
            }
        }
        ArrayNode out = JSON.arrayNode();
        passthru.forEach(out::add);
        byTactic.forEach((id, entry) -> {
            if (!entry.path("technique").isEmpty() || tacticOnly.contains(id)) {
                if (entry.path("technique").isEmpty()) {
                    entry.remove("technique");
                }
                out.add(entry);
            }
        });
        return out;
    }

    /** {@code _technique_entry}: a subtechnique target stands under its parent (whose v19 name dac lacks). */
    private static ObjectNode techniqueEntry(String[] dest, List<ObjectNode> subs) {
        ObjectNode entry;
        if (dest[0].contains(".")) {
            String parent = dest[0].substring(0, dest[0].indexOf('.'));
            entry = ref(new String[] {parent, dest[1]}, "techniques");
            ArrayNode list = entry.putArray("subtechnique");
            list.add(ref(dest, "techniques"));
            subs.forEach(s -> list.add(s.deepCopy()));
            return entry;
        }
        entry = ref(dest, "techniques");
        if (!subs.isEmpty()) {
            ArrayNode list = entry.putArray("subtechnique");
            subs.forEach(s -> list.add(s.deepCopy()));
        }
        return entry;
    }

    private static ObjectNode entryFor(Map<String, ObjectNode> byTactic, ObjectNode tactic) {
        return byTactic.computeIfAbsent(tactic.path("id").asString(), id -> {
            ObjectNode entry = JSON.objectNode();
            entry.put("framework", FRAMEWORK);
            entry.set("tactic", tactic);
            entry.putArray("technique");
            return entry;
        });
    }

    /** {@code _merge_technique}: the same technique twice keeps one, its subtechniques united and sorted by id. */
    private static void merge(ObjectNode tacticEntry, ObjectNode technique) {
        ArrayNode techniques = (ArrayNode) tacticEntry.get("technique");
        for (JsonNode existing : techniques) {
            if (existing.path("id").asString().equals(technique.path("id").asString())) {
                Map<String, JsonNode> merged = new LinkedHashMap<>();
                existing.path("subtechnique").forEach(s -> merged.put(s.path("id").asString(), s));
                technique.path("subtechnique").forEach(s -> merged.putIfAbsent(s.path("id").asString(), s));
                if (!merged.isEmpty()) {
                    ArrayNode sorted = JSON.arrayNode();
                    new TreeSet<>(merged.keySet()).forEach(id -> sorted.add(merged.get(id)));
                    ((ObjectNode) existing).set("subtechnique", sorted);
                }
                return;
            }
        }
        techniques.add(technique);
    }

    /** {@code stack_emit.rewrite_tactic_tags}. */
    static ArrayNode rewriteTacticTags(JsonNode tags, JsonNode baseline, JsonNode emitted) {
        Set<String> baselineNames = tacticNames(baseline);
        Set<String> emittedNames = tacticNames(emitted);
        ArrayNode kept = JSON.arrayNode();
        List<String> present = new ArrayList<>();
        for (JsonNode tag : tags) {
            String text = tag.asString();
            if (text.startsWith("Tactic: ")) {
                String name = text.substring("Tactic: ".length());
                if (baselineNames.contains(name) && !emittedNames.contains(name)) {
                    continue;
                }
            }
            kept.add(tag);
            present.add(text);
        }
        for (String name : new TreeSet<>(emittedNames)) {
            if (!present.contains("Tactic: " + name)) {
                kept.add("Tactic: " + name);
                present.add("Tactic: " + name);
            }
        }
        return kept;
    }

    private static Set<String> tacticNames(JsonNode threat) {
        Set<String> names = new HashSet<>();
        threat.forEach(entry -> {
            String name = entry.path("tactic").path("name").asString("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }
}
