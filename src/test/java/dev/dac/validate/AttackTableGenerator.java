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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes dac's ATT&CK table ({@code src/main/resources/dev/dac/validate/attack-enterprise.tsv}) from MITRE's public
 * STIX data of an ATT&CK Enterprise release: either the {@code enterprise-attack} folder of mitre/cti (one bundle
 * per object), a release bundle of mitre-attack/attack-stix-data ({@code enterprise-attack-X.Y.json}), or an extract
 * of such a bundle that keeps the objects' ids, names, kill chain phases and revoked/deprecated flags (its
 * {@code x_extract_of} names the release file and its SHA-256, and goes into the table header). One line per tactic,
 * technique and sub-technique: its name, its tactics (technique), parent (sub-technique) or short name (tactic),
 * whether it is current, revoked or deprecated, former names (carried over from the previous table, plus the
 * previous table's name when ATT&CK renamed the id), for a revoked id the id ATT&CK replaced it with, and for an id
 * the previous table had as current the release it was last current in, and for a technique ATT&CK moved between
 * tactics the previous release's tactics. The replacement is the id's revoked-by
 * relationship; an input without relationships falls back to the previous table (a revoked id stays revoked) and to
 * an optional version map of elastic/detection-rules ({@code etc/attack-version-maps/attack_vX_to_vY.yaml}), whose
 * explicit entries name the successor of ids ATT&CK retired in the new release. Run it with {@code make attack-table}.
 */
public final class AttackTableGenerator {

    private AttackTableGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: AttackTableGenerator STIX_FOLDER_OR_BUNDLE ATTACK_VERSION PREVIOUS_TSV OUT_TSV"
                    + " [DETECTION_RULES_VERSION_MAP_YAML]");
            System.exit(2);
        }
        String table = generate(Path.of(args[0]), args[1], Path.of(args[2]),
                args.length == 5 ? Optional.of(Path.of(args[4])) : Optional.empty());
        Files.writeString(Path.of(args[3]), table, StandardCharsets.UTF_8);
    }

    private record Row(String kind, String id, String name, String related, String status, Set<String> former,
            String replacedBy, String lastCurrentIn, String previousTactics) {}

    static String generate(Path stix, String version, Path previousTable, Optional<Path> versionMap)
            throws IOException {
        List<JsonNode> bundles = readBundles(stix);
        List<JsonNode> objects = new ArrayList<>();
        bundles.forEach(b -> b.path("objects").forEach(objects::add));
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
        Map<String, String> mappedSuccessors = versionMap.isPresent() ? readVersionMap(versionMap.get()) : Map.of();
        Map<String, String[]> previous = readPrevious(previousTable);
        String previousVersion = readPreviousVersion(previousTable);
        // regenerating the same release line keeps which ids were last current in the release before it
        boolean sameRelease = previousVersion != null && major(previousVersion).equals(major(version));
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
            String replacedBy = revokedBy.get(id);
            if (replacedBy == null && status.equals("revoked")) {
                String carried = old != null && old.length > 6 ? old[6] : "";
                replacedBy = !carried.isEmpty() ? carried : mappedSuccessors.getOrDefault(id, "");
            }
            String lastCurrentIn = "";
            if (old != null && !status.equals("current")) {
                if (old[4].equals("current") && !sameRelease) {
                    lastCurrentIn = previousVersion == null ? "" : previousVersion;
                } else if (sameRelease && old.length > 7) {
                    lastCurrentIn = old[7];
                }
            }
            // a technique current in both releases that ATT&CK moved between tactics: the release before and its
            // tactics, so a rule still mapped the old way is told why (ATT&CK v19 took T1112 from TA0005)
            String previousTactics = "";
            if (kind.equals("technique") && status.equals("current") && old != null) {
                if (sameRelease) {
                    previousTactics = old.length > 8 ? old[8] : "";
                } else if (old[4].equals("current") && !old[3].equals(related) && previousVersion != null) {
                    previousTactics = previousVersion + ":" + old[3];
                }
            }
            Row row = new Row(kind, id, name, related, status, former, replacedBy == null ? "" : replacedBy,
                    lastCurrentIn, previousTactics);
            // the same id can appear on a current object and on a revoked one; the current one wins
            Row existing = rows.get(id);
            if (existing == null || (!existing.status().equals("current") && status.equals("current"))) {
                rows.put(id, row);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# MITRE ATT&CK Enterprise ids and names as of ATT&CK ").append(version)
                .append(", with former names and the ids ATT&CK has revoked (with their replacement) or deprecated.\n");
        out.append("# Derived by dac from MITRE's ATT&CK STIX data, (c) The MITRE Corporation, reproduced under the")
                .append(" ATT&CK Terms of Use: ").append(sourceOf(stix, bundles)).append("\n");
        if (versionMap.isPresent()) {
            out.append("# Replacements of ids the input revokes without a revoked-by relationship: the previous table,")
                    .append(" then elastic/detection-rules' version map ").append(versionMap.get().getFileName())
                    .append(" (Elastic License 2.0; only its ids are used).\n");
        }
        out.append("# Regenerate with: make attack-table (see the Makefile for the inputs)\n");
        out.append("# kind\tid\tname\ttactics (technique) | parent (subtechnique) | short name (tactic)\tstatus"
                + "\tformer names\treplaced by\tlast current in (ids the previous release had as current)"
                + "\tprevious release:tactics (techniques ATT&CK moved between tactics)\n");
        Comparator<Row> order = Comparator.comparingInt((Row r) -> List.of("tactic", "technique", "subtechnique")
                .indexOf(r.kind())).thenComparing(Row::id);
        rows.values().stream().sorted(order).forEach(r -> out.append(r.kind()).append('\t').append(r.id())
                .append('\t').append(r.name()).append('\t').append(r.related()).append('\t').append(r.status())
                .append('\t').append(String.join("|", r.former())).append('\t').append(r.replacedBy())
                .append('\t').append(r.lastCurrentIn()).append('\t').append(r.previousTactics()).append('\n'));
        return out.toString();
    }

    /** The release file the input was read from: the extract's {@code x_extract_of}, or the input's own name. */
    private static String sourceOf(Path stix, List<JsonNode> bundles) {
        for (JsonNode bundle : bundles) {
            JsonNode of = bundle.path("x_extract_of");
            if (of.has("url")) {
                String through = bundle.path("x_read_through").asString("");
                return of.path("url").asString() + " (ATT&CK " + of.path("version").asString() + ", sha256 "
                        + of.path("sha256").asString() + ")" + (through.isEmpty() ? "" : ", read through the extract "
                        + through);
            }
        }
        return stix.getFileName().toString();
    }

    /** "v19" of "v19.2". */
    private static String major(String version) {
        return version.replaceFirst("\\..*", "");
    }

    /**
     * The explicit entries of a detection-rules version map ({@code techniques:} and {@code subtechniques:}, each
     * {@code OLD: {id: NEW, ...}}): old id to new id. An entry set to null (dropped) names no successor.
     */
    static Map<String, String> readVersionMap(Path yaml) throws IOException {
        JsonNode map = new YAMLMapper().readTree(Files.readString(yaml, StandardCharsets.UTF_8));
        Map<String, String> successors = new HashMap<>();
        for (String section : List.of("techniques", "subtechniques")) {
            for (Map.Entry<String, JsonNode> e : map.path(section).properties()) {
                String to = e.getValue().path("id").asString("");
                if (!to.isEmpty()) {
                    successors.put(e.getKey(), to);
                }
            }
        }
        return successors;
    }

    private static String readPreviousVersion(Path table) throws IOException {
        if (!Files.exists(table)) {
            return null;
        }
        for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
            int at = line.indexOf("as of ATT&CK v");
            if (line.startsWith("#") && at >= 0) {
                return line.substring(at + "as of ATT&CK ".length()).split("[ ,]")[0];
            }
        }
        return null;
    }

    private static String attackId(JsonNode o) {
        for (JsonNode ref : o.path("external_references")) {
            if (ref.path("source_name").asString().equals("mitre-attack") && ref.has("external_id")) {
                return ref.path("external_id").asString();
            }
        }
        return null;
    }

    private static List<JsonNode> readBundles(Path stix) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(stix)) {
            try (Stream<Path> walk = Files.walk(stix)) {
                walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        } else {
            files.add(stix);
        }
        List<JsonNode> bundles = new ArrayList<>();
        for (Path file : files) {
            bundles.add(json.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        }
        return bundles;
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
