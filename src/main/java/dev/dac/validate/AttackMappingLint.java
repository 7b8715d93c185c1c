package dev.dac.validate;

import dev.dac.rule.RuleFile;
import dev.dac.rule.Threat;
import java.util.List;
import java.util.Optional;

/**
 * Checks each ATT&CK tactic, technique and sub-technique of a rule against dac's ATT&CK table: the id exists and is
 * current, the name is the one ATT&CK gives it, the URL points at it, and it sits under the right parent. ATLAS
 * mappings are left alone; the table covers ATT&CK Enterprise only.
 */
final class AttackMappingLint implements RuleLint {

    private final AttackCatalog catalog;

    AttackMappingLint(AttackCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        List<Threat> threats = model.rule().common().threat();
        for (int t = 0; t < threats.size(); t++) {
            Threat threat = threats.get(t);
            if (!"MITRE ATT&CK".equals(threat.framework()) || threat.tactic() == null) {
                continue;
            }
            String base = "/rule/threat/" + t;
            Threat.Tactic tactic = threat.tactic();
            checkEntry(rule, base + "/tactic", "tactic", tactic.id(), tactic.name(), tactic.reference(), findings);
            for (int k = 0; k < threat.technique().size(); k++) {
                Threat.Technique technique = threat.technique().get(k);
                String techniquePointer = base + "/technique/" + k;
                Optional<AttackCatalog.Entry> entry = checkEntry(rule, techniquePointer, "technique", technique.id(),
                        technique.name(), technique.reference(), findings);
                entry.filter(e -> !e.retired() && !e.related().contains(tactic.id()))
                        .ifPresent(e -> findings.add(tacticFinding(rule, techniquePointer + "/id", e, tactic.id())));
                for (int s = 0; s < technique.subtechnique().size(); s++) {
                    Threat.SubTechnique sub = technique.subtechnique().get(s);
                    String subPointer = techniquePointer + "/subtechnique/" + s;
                    checkEntry(rule, subPointer, "sub-technique", sub.id(), sub.name(), sub.reference(), findings);
                    if (sub.id() != null && technique.id() != null && !sub.id().startsWith(technique.id() + ".")) {
                        findings.add(rule.findingAt(Check.ATTACK_WRONG_PARENT, subPointer + "/id", "sub-technique "
                                + sub.id() + " belongs to technique " + sub.id().split("\\.")[0] + ", not "
                                + technique.id() + "; move it under [[rule.threat.technique]] id = \""
                                + sub.id().split("\\.")[0] + "\""));
                    }
                }
            }
        }
    }

    /**
     * A technique under a tactic ATT&CK does not list it under: a tactic the previous release listed it under is
     * release drift (DAC196, as detection-rules keeps the previous release's mapping), any other is DAC110.
     */
    private Finding tacticFinding(RuleUnderCheck rule, String pointer, AttackCatalog.Entry technique, String tactic) {
        String listed = String.join(", ", technique.related());
        if (technique.previousTactics().contains(tactic)) {
            return rule.findingAt(Check.ATTACK_TACTIC_MOVED_SINCE_PREVIOUS_RELEASE, pointer, "technique "
                    + technique.id() + " (" + technique.name() + ") was under tactic " + tactic + " in ATT&CK "
                    + catalog.previousVersion() + "; ATT&CK " + catalog.version() + " lists it under " + listed);
        }
        return rule.findingAt(Check.ATTACK_TACTIC_MISMATCH, pointer, "technique " + technique.id() + " ("
                + technique.name() + ") is not under tactic " + tactic + " in ATT&CK " + catalog.version()
                + "; ATT&CK lists it under " + listed);
    }

    /** The id ATT&CK revoked the entry in favour of, with its name, or the advice when there is none. */
    private String replacement(AttackCatalog.Entry entry) {
        if (entry.replacedBy() == null) {
            return "; dac's ATT&CK table names no replacement, so map the rule to the technique that now covers the"
                    + " behaviour (" + entry.url() + ")";
        }
        // a replacement can itself be retired later (T1089 -> T1562.001 -> T1685): follow it to the current id
        String target = entry.replacedBy();
        StringBuilder via = new StringBuilder();
        for (int hops = 0; hops < 5; hops++) {
            Optional<AttackCatalog.Entry> next = catalog.find(target).filter(AttackCatalog.Entry::retired)
                    .filter(r -> r.replacedBy() != null);
            if (next.isEmpty()) {
                break;
            }
            target = next.get().replacedBy();
            via.append(", itself replaced by ").append(target);
        }
        String name = catalog.find(target).map(r -> " (" + r.name() + ")").orElse("");
        return " in favour of " + entry.replacedBy() + via + name + "; map the rule to " + target;
    }

    private Optional<AttackCatalog.Entry> checkEntry(RuleUnderCheck rule, String pointer, String what, String id,
            String name, String reference, List<Finding> findings) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<AttackCatalog.Entry> found = catalog.find(id);
        if (found.isEmpty()) {
            findings.add(rule.findingAt(Check.ATTACK_UNKNOWN_ID, pointer + "/id", what + " " + id
                    + " is not in dac's ATT&CK table (" + catalog.version() + "); check the id"));
            return Optional.empty();
        }
        AttackCatalog.Entry entry = found.get();
        if (entry.retiredSincePreviousRelease()) {
            // detection-rules keeps its rules on the previous release's ids and converts them when it builds for a
            // stack of the new release (etc/attack-version-maps/attack_v18_to_v19.yaml), so they are not defects
            findings.add(rule.findingAt(Check.ATTACK_ID_RETIRED_SINCE_PREVIOUS_RELEASE, pointer + "/id", what + " "
                    + id + " (" + entry.name() + ") was current in ATT&CK " + entry.lastCurrentIn() + " and has been "
                    + entry.status() + " in ATT&CK " + catalog.version() + replacement(entry)));
        } else if (entry.retired()) {
            // detection-rules fails a rule on a retired tactic or technique (tests/test_all_rules.py
            // test_technique_deprecations) but lets a retired sub-technique through, as Kibana does: a warning
            Check check = what.equals("sub-technique") ? Check.ATTACK_RETIRED_SUBTECHNIQUE : Check.ATTACK_RETIRED_ID;
            findings.add(rule.findingAt(check, pointer + "/id", what + " " + id + " (" + entry.name()
                    + ") has been " + entry.status() + " in ATT&CK " + catalog.version() + replacement(entry)));
        }
        if (name != null && !name.equals(entry.name())) {
            if (entry.formerNames().contains(name)) {
                findings.add(rule.findingAt(Check.ATTACK_NAME_OUTDATED, pointer + "/name", what + " " + id
                        + " is named \"" + entry.name() + "\" since ATT&CK renamed it; \"" + name
                        + "\" is its former name"));
            } else {
                findings.add(rule.findingAt(Check.ATTACK_NAME_MISMATCH, pointer + "/name", what + " " + id
                        + " is named \"" + entry.name() + "\" in ATT&CK, not \"" + name + "\""));
            }
        }
        if (reference != null && !reference.equals(entry.url())) {
            findings.add(rule.findingAt(Check.ATTACK_REFERENCE_MISMATCH, pointer + "/reference", what + " " + id
                    + " has reference " + reference + "; expected " + entry.url()));
        }
        return found;
    }
}
