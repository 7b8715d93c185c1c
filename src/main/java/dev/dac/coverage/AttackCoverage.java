package dev.dac.coverage;

import dev.dac.rule.RuleFile;
import dev.dac.rule.Threat;
import dev.dac.validate.AttackCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rules cover which ATT&CK Enterprise tactic and technique, from the rules' {@code [[rule.threat]]} entries: a
 * technique (or sub-technique) counts under the tactic its entry names. Tactics come in the order of the ATT&CK
 * matrix, each with every current technique of it, so the picture also shows what no rule covers.
 */
public record AttackCoverage(String attackVersion, int ruleCount, List<Column> columns) {

    /**
     * The tactics in the order of the Enterprise matrix (attack.mitre.org/matrices/enterprise/); ATT&CK v19 put
     * Defense Impairment (TA0112) after Stealth (TA0005). A tactic dac's table lacks is left out.
     */
    private static final List<String> MATRIX_ORDER = List.of("TA0043", "TA0042", "TA0001", "TA0002", "TA0003",
            "TA0004", "TA0005", "TA0112", "TA0006", "TA0007", "TA0008", "TA0009", "TA0011", "TA0010", "TA0040");

    /** One tactic: its id, name and short name (the Navigator's tactic key) and a cell per technique. */
    public record Column(String id, String name, String shortName, List<String> tacticOnlyRules, List<Cell> cells) {
        public int coveredCells() {
            return (int) cells.stream().filter(c -> !c.rules().isEmpty()).count();
        }
    }

    /**
     * One technique under one tactic: the rules naming it or one of its sub-techniques ({@code rules}), and for
     * each sub-technique named, the rules naming it.
     */
    public record Cell(String techniqueId, String name, List<String> rules, Map<String, List<String>> subtechniques) {}

    public static AttackCoverage of(List<RuleFile> rules, AttackCatalog catalog) {
        // tactic id -> technique id -> rule names; technique id -> sub-technique id -> rule names
        Map<String, Map<String, Set<String>>> byTactic = new TreeMap<>();
        Map<String, Map<String, Map<String, Set<String>>>> subsByTactic = new TreeMap<>();
        Map<String, Set<String>> tacticOnly = new TreeMap<>();
        for (RuleFile file : rules) {
            String name = file.rule().name();
            for (Threat threat : file.rule().common().threat()) {
                if (threat.tactic() == null || !"MITRE ATT&CK".equals(threat.framework())) {
                    continue;
                }
                String tactic = threat.tactic().id();
                if (threat.technique().isEmpty()) {
                    tacticOnly.computeIfAbsent(tactic, t -> new TreeSet<>()).add(name);
                }
                for (Threat.Technique technique : threat.technique()) {
                    byTactic.computeIfAbsent(tactic, t -> new TreeMap<>())
                            .computeIfAbsent(technique.id(), t -> new TreeSet<>()).add(name);
                    for (Threat.SubTechnique sub : technique.subtechnique()) {
                        subsByTactic.computeIfAbsent(tactic, t -> new TreeMap<>())
                                .computeIfAbsent(technique.id(), t -> new TreeMap<>())
                                .computeIfAbsent(sub.id(), t -> new TreeSet<>()).add(name);
                    }
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        for (String tacticId : MATRIX_ORDER) {
            AttackCatalog.Entry tactic = catalog.find(tacticId).orElse(null);
            if (tactic == null) {
                continue;
            }
            String shortName = tactic.related().isEmpty() ? tactic.name().toLowerCase().replace(' ', '-')
                    : tactic.related().get(0);
            Map<String, Set<String>> covered = byTactic.getOrDefault(tacticId, Map.of());
            Map<String, Map<String, Set<String>>> subs = subsByTactic.getOrDefault(tacticId, Map.of());
            List<Cell> cells = new ArrayList<>();
            for (AttackCatalog.Entry technique : catalog.techniquesOf(tacticId)) {
                cells.add(cell(technique.id(), technique.name(), covered, subs));
            }
            // a technique a rule names under this tactic that ATT&CK does not list there still shows
            for (String id : covered.keySet()) {
                if (cells.stream().noneMatch(c -> c.techniqueId().equals(id))) {
                    cells.add(cell(id, catalog.find(id).map(AttackCatalog.Entry::name).orElse(id), covered, subs));
                }
            }
            cells.sort(Comparator.comparing(Cell::name));
            columns.add(new Column(tacticId, tactic.name(), shortName,
                    List.copyOf(tacticOnly.getOrDefault(tacticId, Set.of())), List.copyOf(cells)));
        }
        return new AttackCoverage(catalog.version(), rules.size(), List.copyOf(columns));
    }

    private static Cell cell(String id, String name, Map<String, Set<String>> covered,
            Map<String, Map<String, Set<String>>> subs) {
        Map<String, List<String>> subRules = new LinkedHashMap<>();
        subs.getOrDefault(id, Map.of()).forEach((sub, names) -> subRules.put(sub, List.copyOf(names)));
        return new Cell(id, name, List.copyOf(covered.getOrDefault(id, Set.of())), subRules);
    }

    /** The most rules any one cell has, for the colour scale. */
    public int maxRules() {
        return columns.stream().flatMap(c -> c.cells().stream()).mapToInt(c -> c.rules().size()).max().orElse(0);
    }
}
