package dev.dac.deploy;

import dev.dac.validate.AttackCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * {@code detection_rules/etc/attack-version-maps/attack_v18_to_v19.yaml}: its explicit rows ({@link #TECHNIQUES},
 * {@link #SUBTECHNIQUES}) first, every other id derived ({@code auto_derive_missing}) from ATT&CK v19 data, here dac's
 * own table ({@link AttackCatalog}, v19.2; detection-rules used MITRE's v19.1): a tactic keeps its id and takes its v19
 * name; a technique or subtechnique that v19 revoked or deprecated, or does not know, is dropped; others take their v19
 * name. A technique stays under its (converted) tactic when v19 lists it there (or lists no tactic for it), else it goes
 * under every v19 tactic of it ({@code _tactics_for_technique}).
 */
final class StackEmit {

    static final String FRAMEWORK = "MITRE ATT&CK";

    /**
     * The order of the x-mitre-tactic objects in MITRE's enterprise STIX bundle (ordered by STIX id), which is the order
     * of detection-rules' ATT&CK matrix and so of the tactics a technique moves to; dac's table does not keep STIX ids.
     * The tactics of v18 keep their STIX ids (Defense Evasion renamed Stealth); Defense Impairment (TA0112, new in v19)
     * stands between Credential Access and Persistence in the lock's hashes (T1556, moved to Credential Access, Defense
     * Impairment and Persistence, goes under them in that order; T1112 and T1484 under Defense Impairment before
     * Persistence and Privilege Escalation); where exactly between them the hashes do not tell.
     */
    static final List<String> BUNDLE_TACTIC_ORDER = List.of("TA0006", "TA0112", "TA0002", "TA0040", "TA0003", "TA0004",
            "TA0008", "TA0005", "TA0010", "TA0007", "TA0009", "TA0042", "TA0043", "TA0011", "TA0001");

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

    private final AttackCatalog v19;
    private final List<String> tacticOrder;

    StackEmit(AttackCatalog v19) {
        this(v19, BUNDLE_TACTIC_ORDER);
    }

    StackEmit(AttackCatalog v19, List<String> tacticOrder) {
        this.v19 = v19;
        this.tacticOrder = tacticOrder;
    }

    /** The body as detection-rules emits it for the 9.5 epoch. */
    ObjectNode emit(ObjectNode body) {
        ObjectNode emitted = body.deepCopy();
        JsonNode baseline = body.path("threat");
        if (baseline.isArray()) {
            ArrayNode converted = convertThreat((ArrayNode) baseline);
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

    private static ObjectNode ref(String id, String name, String reference) {
        ObjectNode node = JSON.objectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("reference", reference);
        return node;
    }

    private static String techniqueUrl(String id) {
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }

    /** {@code AttackVersionMap.resolve}: the explicit row, else the id as v19 has it; empty when dropped. */
    Optional<ObjectNode> resolve(String kind, String id) {
        Map<String, String[]> explicit = switch (kind) {
            case "technique" -> TECHNIQUES;
            case "subtechnique" -> SUBTECHNIQUES;
            default -> Map.of();
        };
        String[] row = explicit.get(id);
        if (row != null) {
            return Optional.of(ref(row[0], row[1], techniqueUrl(row[0])));
        }
        return v19.find(id)
                .filter(e -> kind.equals("tactic") ? e.kind().equals("tactic") : !e.kind().equals("tactic"))
                .filter(e -> !e.retired())
                .map(e -> ref(e.id(), e.name(), e.url()));
    }

    /** The v19 tactics of a technique in matrix order (a subtechnique: its parent's, as dac's table keeps those). */
    private List<String> tacticsOf(String techniqueId) {
        String id = techniqueId.contains(".") ? techniqueId.substring(0, techniqueId.indexOf('.')) : techniqueId;
        List<String> tactics = v19.find(id).map(AttackCatalog.Entry::related).orElse(List.of());
        List<String> ordered = new ArrayList<>();
        tacticOrder.stream().filter(tactics::contains).forEach(ordered::add);
        tactics.stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        return ordered;
    }

    /** {@code _tactics_for_technique}. */
    private List<ObjectNode> tacticsForTechnique(String techniqueId, ObjectNode mapped) {
        List<String> tactics = tacticsOf(techniqueId);
        if (mapped != null && (tactics.isEmpty() || tactics.contains(mapped.path("id").asString()))) {
            return List.of(mapped);
        }
        List<ObjectNode> details = new ArrayList<>();
        tactics.forEach(t -> resolve("tactic", t).ifPresent(details::add));
        if (!details.isEmpty()) {
            return details;
        }
        return mapped == null ? List.of() : List.of(mapped);
    }

    /** {@code attack.convert_threat_to_version}: passthrough entries first, then one entry per target tactic. */
    ArrayNode convertThreat(ArrayNode threat) {
        List<JsonNode> passthru = new ArrayList<>();
        Map<String, ObjectNode> byTactic = new LinkedHashMap<>();
        Set<String> tacticOnly = new HashSet<>();
        for (JsonNode entry : threat) {
            if (!FRAMEWORK.equals(entry.path("framework").asString())) {
                passthru.add(entry.deepCopy());
                continue;
            }
            ObjectNode tacticDest = resolve("tactic", entry.path("tactic").path("id").asString("")).orElse(null);
            if (entry.path("technique").isEmpty()) {
                if (tacticDest != null) {
                    tacticOnly.add(tacticDest.path("id").asString());
                    entryFor(byTactic, tacticDest);
                }
                continue;
            }
            for (JsonNode technique : entry.path("technique")) {
                Optional<ObjectNode> techDest = resolve("technique", technique.path("id").asString(""));
                if (techDest.isEmpty()) {
                    continue;
                }
                List<ObjectNode> subs = new ArrayList<>();
                List<ObjectNode> promoted = new ArrayList<>();
                for (JsonNode sub : technique.path("subtechnique")) {
                    resolve("subtechnique", sub.path("id").asString("")).ifPresent(dest -> {
                        (dest.path("id").asString().contains(".") ? subs : promoted).add(dest);
                    });
                }
                List<ObjectNode> built = new ArrayList<>();
                built.add(techniqueEntry(techDest.get(), subs));
                promoted.forEach(dest -> built.add(techniqueEntry(dest, List.of())));
                for (ObjectNode one : built) {
                    // one node under each of its tactics, as Python appends the same dict: a later merge into it
                    // (subtechniques of the same technique from another entry) shows under all of them
                    for (ObjectNode tactic : tacticsForTechnique(one.path("id").asString(), tacticDest)) {
                        merge(entryFor(byTactic, tactic), one);
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

    /** {@code _technique_entry}: a subtechnique target stands under its parent, as v19 names the parent. */
    private ObjectNode techniqueEntry(ObjectNode dest, List<ObjectNode> subs) {
        String id = dest.path("id").asString();
        Optional<ObjectNode> parent = id.contains(".")
                ? resolve("technique", id.substring(0, id.indexOf('.'))) : Optional.empty();
        if (parent.isPresent()) {
            ObjectNode entry = parent.get();
            ArrayNode list = entry.putArray("subtechnique");
            list.add(dest.deepCopy());
            subs.forEach(s -> list.add(s.deepCopy()));
            return entry;
        }
        ObjectNode entry = dest.deepCopy();
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
            entry.set("tactic", tactic.deepCopy());
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
