package dev.dac.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AttackTableGenerator on objects of ATT&CK v19.2 (as its STIX release bundle has them, in the extract form without
 * relationships), a v18.1 table as the previous one, and entries of detection-rules' attack_v18_to_v19.yaml.
 */
class AttackTableGeneratorTest {

    @TempDir
    Path dir;

    private static final String BUNDLE = """
            {"type": "bundle", "id": "bundle--6198013c-6f02-42a4-9713-38ea1301a1aa",
             "x_extract_of": {"url": "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/6cda5ad8462c79e14fbb872f4e09059b18e0cfc4/enterprise-attack/enterprise-attack-19.2.json",
                              "sha256": "dc1639caa5501d720e280cf1cbd8fbe009884a0c9b3e6e9ed9d0c25166c3d8f4", "version": "19.2"},
             "objects": [
              {"type": "x-mitre-tactic", "id": "x-mitre-tactic--78b23412-0651-46d7-a540-170a1ce8bd5a", "name": "Stealth",
               "x_mitre_shortname": "stealth", "external_references": [{"source_name": "mitre-attack", "external_id": "TA0005"}]},
              {"type": "x-mitre-tactic", "id": "x-mitre-tactic--43c49635-f2fa-44f2-92b9-0ee980bbf4ef", "name": "Defense Impairment",
               "x_mitre_shortname": "defense-impairment", "external_references": [{"source_name": "mitre-attack", "external_id": "TA0112"}]},
              {"type": "x-mitre-tactic", "id": "x-mitre-tactic--4ca45d45-df4d-4613-8980-bac22d278fa5", "name": "Execution",
               "x_mitre_shortname": "execution", "external_references": [{"source_name": "mitre-attack", "external_id": "TA0002"}]},
              {"type": "attack-pattern", "id": "attack-pattern--f4882e23-8aa7-4b12-b28a-b349c12ee9e0", "name": "PowerShell", "revoked": true,
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1086"}]},
              {"type": "attack-pattern", "id": "attack-pattern--3d333250-30e4-4a82-9edc-756c68afc529", "name": "Impair Defenses", "revoked": true,
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "stealth"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1562"}]},
              {"type": "attack-pattern", "id": "attack-pattern--ac08589e-ee59-4935-8667-d845e38fe579", "name": "Disable or Modify Tools", "revoked": true,
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "stealth"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1562.001"}]},
              {"type": "attack-pattern", "id": "attack-pattern--562e9b64-7239-493d-80f4-2bff900d9054", "name": "Disable or Modify Linux Audit System", "revoked": true,
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "stealth"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1562.012"}]},
              {"type": "attack-pattern", "id": "attack-pattern--57340c81-c025-4189-8fa0-fc7ede51bae4", "name": "Modify Registry",
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "defense-impairment"},
                                     {"kill_chain_name": "mitre-attack", "phase_name": "persistence"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1112"}]},
              {"type": "x-mitre-tactic", "id": "x-mitre-tactic--5bc1d813-693e-4823-9961-abf9af4b0e92", "name": "Persistence",
               "x_mitre_shortname": "persistence", "external_references": [{"source_name": "mitre-attack", "external_id": "TA0003"}]},
              {"type": "attack-pattern", "id": "attack-pattern--bbde9781-60aa-4b8a-a911-895b0c1b3872", "name": "Disable or Modify Tools",
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "defense-impairment"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1685"}]},
              {"type": "attack-pattern", "id": "attack-pattern--23d69d00-80c4-42ff-9dac-dbd0459dad75", "name": "Disable or Modify Linux Audit System Log",
               "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "defense-impairment"}],
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1685.004"}]}
             ]}
            """;

    private static final String V18_TABLE = """
            # MITRE ATT&CK Enterprise ids and names as of ATT&CK v18.1, with former names and the ids ATT&CK has revoked (with their replacement) or deprecated.
            # kind\tid\tname\ttactics (technique) | parent (subtechnique) | short name (tactic)\tstatus\tformer names\treplaced by
            tactic\tTA0002\tExecution\texecution\tcurrent\t\t
            tactic\tTA0005\tDefense Evasion\tdefense-evasion\tcurrent\t\t
            technique\tT1086\tPowerShell\tTA0002\trevoked\t\tT1059.001
            technique\tT1112\tModify Registry\tTA0003,TA0005\tcurrent\t\t
            technique\tT1562\tImpair Defenses\tTA0005\tcurrent\t\t
            subtechnique\tT1562.001\tDisable or Modify Tools\tT1562\tcurrent\t\t
            subtechnique\tT1562.012\tDisable or Modify Linux Audit System\tT1562\tcurrent\t\t
            """;

    /** Entries of detection-rules detection_rules/etc/attack-version-maps/attack_v18_to_v19.yaml. */
    private static final String VERSION_MAP = """
            framework: MITRE ATT&CK
            source_version: '18'
            target_version: '19'
            auto_derive_missing: true
            techniques:
              T1562:
                id: T1685
                name: Disable or Modify Tools
                reference: https://attack.mitre.org/techniques/T1685/
            subtechniques:
              T1562.001:
                id: T1685
                name: Disable or Modify Tools
                reference: https://attack.mitre.org/techniques/T1685/
            """;

    private String[] row(String table, String id) {
        return table.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("\t", -1))
                .filter(c -> c[1].equals(id)).findFirst().orElseThrow();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void idsV19RetiredGetTheirSuccessorAndTheReleaseTheyWereLastCurrentIn() throws IOException {
        String table = AttackTableGenerator.generate(write("bundle.json", BUNDLE), "v19.2",
                write("previous.tsv", V18_TABLE), Optional.of(write("map.yaml", VERSION_MAP)));

        assertThat(row(table, "T1562")).containsExactly("technique", "T1562", "Impair Defenses", "TA0005", "revoked", "",
                "T1685", "v18.1", "");
        assertThat(row(table, "T1562.001")).containsExactly("subtechnique", "T1562.001", "Disable or Modify Tools",
                "T1562", "revoked", "", "T1685", "v18.1", "");
        // neither a relationship nor the map names its successor: none is made up
        assertThat(Arrays.asList(row(table, "T1562.012")).subList(4, 8)).containsExactly("revoked", "", "", "v18.1");
        // revoked long before: the previous table's replacement is kept, and it is no id of the previous release
        assertThat(row(table, "T1086")).containsExactly("technique", "T1086", "PowerShell", "TA0002", "revoked", "",
                "T1059.001", "", "");
        assertThat(row(table, "TA0005")).containsExactly("tactic", "TA0005", "Stealth", "stealth", "current",
                "Defense Evasion", "", "", "");
        assertThat(row(table, "T1685")).containsExactly("technique", "T1685", "Disable or Modify Tools", "TA0112",
                "current", "", "", "", "");
        // current in both releases, moved from Stealth (TA0005) to Defense Impairment: v18.1's tactics are kept
        assertThat(row(table, "T1112")).containsExactly("technique", "T1112", "Modify Registry", "TA0003,TA0112",
                "current", "", "", "", "v18.1:TA0003,TA0005");
        assertThat(table.lines().limit(3)).anySatisfy(l -> assertThat(l).startsWith("# Derived by dac")
                .contains("enterprise-attack-19.2.json (ATT&CK 19.2, sha256 dc1639caa5501d720e280cf1cbd8fbe009884a0c9b3e6e9ed9d0c25166c3d8f4)"));
    }

    @Test
    void regeneratingTheSameReleaseKeepsWhichIdsTheReleaseBeforeHadAsCurrent() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        Path map = write("map.yaml", VERSION_MAP);
        String first = AttackTableGenerator.generate(bundle, "v19.2", write("previous.tsv", V18_TABLE), Optional.of(map));

        String again = AttackTableGenerator.generate(bundle, "v19.2", write("first.tsv", first), Optional.empty());

        assertThat(again).isEqualTo(first.replaceAll("(?m)^# Replacements of ids.*\\n", ""));
    }

    @Test
    void aRevokedByRelationshipWinsOverTheVersionMap() throws IOException {
        String withRelationship = BUNDLE.replace("\n ]}", """
                ,
                  {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
                   "source_ref": "attack-pattern--562e9b64-7239-493d-80f4-2bff900d9054",
                   "target_ref": "attack-pattern--23d69d00-80c4-42ff-9dac-dbd0459dad75"}
                 ]}""");

        String table = AttackTableGenerator.generate(write("bundle.json", withRelationship), "v19.2",
                write("previous.tsv", V18_TABLE), Optional.of(write("map.yaml", VERSION_MAP)));

        assertThat(row(table, "T1562.012")[6]).isEqualTo("T1685.004");
    }
}
