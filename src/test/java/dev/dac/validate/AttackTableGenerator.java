package dev.dac.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes dac's ATT&CK table ({@code src/main/resources/dev/dac/validate/attack-enterprise.tsv}) from MITRE's public
 * STIX data of an ATT&CK Enterprise release: either the {@code enterprise-attack} folder of mitre/cti (one bundle
 * per object) or a release bundle of mitre-attack/attack-stix-data ({@code enterprise-attack-X.Y.json}). One line per
 * tactic, technique and sub-technique: its name, its tactics (technique), parent (sub-technique) or short name
 * (tactic), whether it is current, revoked or deprecated, former names (carried over from the previous table, plus
 * the previous table's name when ATT&CK renamed the id), and for a revoked id the id ATT&CK replaced it with (its
 * revoked-by relationship). Run it with {@code make attack-table}.
 */
public final class AttackTableGenerator {

    private AttackTableGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: AttackTableGenerator STIX_FOLDER_OR_BUNDLE ATTACK_VERSION PREVIOUS_TSV OUT_TSV");
            System.exit(2);
        }
        String table = generate(Path.of(args[0]), args[1], Path.of(args[2]));
        Files.writeString(Path.of(args[3]), table, StandardCharsets.UTF_8);
    }

    private record Row(String kind, String id, String name, String related, String status, Set<String> former,
            String replacedBy) {}

    static String generate(Path stix, String version, Path previousTable) throws IOException {
        List<JsonNode> objects = readObjects(stix);
        Map<String, String> externalIdByStixId = new HashMap<>();
        Map<String, String> tacticIdByShortName = new HashMap<>();
        for (JsonNode o : objects) {
            String id = attackId(o);
            if (id != null) {
                externalIdByStixId.put(o.path("id").asString(), id);
            }
            if (o.path("type").asString().equals("x-mitre-tactic") && id != null) {
                tacticIdByShortName.put(o.path("x_mitre_shortname").asString(), id);
            }
        }
        Map<String, String> revokedBy = new HashMap<>();
        for (JsonNode o : objects) {
            if (o.path("type").asString().equals("relationship")
                    && o.path("relationship_type").asString().equals("revoked-by")) {
                String from = externalIdByStixId.get(o.path("source_ref").asString());
                String to = externalIdByStixId.get(o.path("target_ref").asString());
                if (from != null && to != null) {
                    revokedBy.put(from, to);
                }
            }
        }
        Map<String, String[]> previous = readPrevious(previousTable);
        Map<String, Row> rows = new HashMap<>();
        for (JsonNode o : objects) {
            String type = o.path("type").asString();
            String id = attackId(o);
            if (id == null || !(type.equals("x-mitre-tactic") || type.equals("attack-pattern"))) {
                continue;
            }
            String kind = type.equals("x-mitre-tactic") ? "tactic" : id.contains(".") ? "subtechnique" : "technique";
            String related;
            if (kind.equals("tactic")) {
                related = o.path("x_mitre_shortname").asString();
            } else if (kind.equals("subtechnique")) {
                related = id.substring(0, id.indexOf('.'));
            } else {
                TreeSet<String> tactics = new TreeSet<>();
                o.path("kill_chain_phases").forEach(p -> {
                    if (p.path("kill_chain_name").asString().equals("mitre-attack")) {
                        String tactic = tacticIdByShortName.get(p.path("phase_name").asString());
                        if (tactic != null) {
                            tactics.add(tactic);
                        }
                    }
                });
                related = String.join(",", tactics);
            }
            String status = o.path("revoked").asBoolean(false) ? "revoked"
                    : o.path("x_mitre_deprecated").asBoolean(false) ? "deprecated" : "current";
            String name = o.path("name").asString();
            Set<String> former = new LinkedHashSet<>();
            String[] old = previous.get(id);
            if (old != null) {
                if (old.length > 5 && !old[5].isEmpty()) {
                    former.addAll(List.of(old[5].split("\\|")));
                }
                if (!old[2].equals(name)) {
                    former.add(old[2]);
                }
            }
            former.remove(name);
            Row row = new Row(kind, id, name, related, status, former, revokedBy.getOrDefault(id, ""));
            // the same id can appear on a current object and on a revoked one; the current one wins
            Row existing = rows.get(id);
            if (existing == null || (!existing.status().equals("current") && status.equals("current"))) {
                rows.put(id, row);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# MITRE ATT&CK Enterprise ids and names as of ATT&CK ").append(version)
                .append(", with former names and the ids ATT&CK has revoked (with their replacement) or deprecated.\n");
        out.append("# Derived by dac from MITRE's ATT&CK STIX data (github.com/mitre/cti, enterprise-attack), ")
                .append("(c) The MITRE Corporation, reproduced under the ATT&CK Terms of Use.\n");
        out.append("# Regenerate with: make attack-table ATTACK_STIX=path/to/enterprise-attack ATTACK_VERSION=vX.Y\n");
        out.append("# kind\tid\tname\ttactics (technique) | parent (subtechnique) | short name (tactic)\tstatus"
                + "\tformer names\treplaced by\n");
        Comparator<Row> order = Comparator.comparingInt((Row r) -> List.of("tactic", "technique", "subtechnique")
                .indexOf(r.kind())).thenComparing(Row::id);
        rows.values().stream().sorted(order).forEach(r -> out.append(r.kind()).append('\t').append(r.id())
                .append('\t').append(r.name()).append('\t').append(r.related()).append('\t').append(r.status())
                .append('\t').append(String.join("|", r.former())).append('\t').append(r.replacedBy())
                .append('\n'));
        return out.toString();
    }

    private static String attackId(JsonNode o) {
        for (JsonNode ref : o.path("external_references")) {
            if (ref.path("source_name").asString().equals("mitre-attack") && ref.has("external_id")) {
                return ref.path("external_id").asString();
            }
        }
        return null;
    }

    private static List<JsonNode> readObjects(Path stix) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(stix)) {
            try (Stream<Path> walk = Files.walk(stix)) {
                walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        } else {
            files.add(stix);
        }
        List<JsonNode> objects = new ArrayList<>();
        for (Path file : files) {
            JsonNode bundle = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
            bundle.path("objects").forEach(objects::add);
        }
        return objects;
    }

    private static Map<String, String[]> readPrevious(Path table) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        if (!Files.exists(table)) {
            return rows;
        }
        for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] cols = line.split("\t", -1);
                rows.put(cols[1], cols);
            }
        }
        return rows;
    }
}
