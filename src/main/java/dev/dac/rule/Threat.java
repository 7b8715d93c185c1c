package dev.dac.rule;

import java.util.List;

/** One {@code [[rule.threat]]} entry: a tactic and the techniques under it. */
public record Threat(String framework, Tactic tactic, List<Technique> technique) {

    public Threat {
        technique = CommonFields.copy(technique);
    }

    public record Tactic(String id, String name, String reference) {}

    public record Technique(String id, String name, String reference, List<SubTechnique> subtechnique) {
        public Technique {
            subtechnique = CommonFields.copy(subtechnique);
        }
    }

    public record SubTechnique(String id, String name, String reference) {}
}
