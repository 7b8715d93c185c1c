package dev.dac.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MITRE ATT&CK Enterprise tactics, techniques and sub-techniques by id, from the table dac keeps in
 * {@code attack-enterprise.tsv} (current names, former names, and the ids ATT&CK has revoked, with their replacement,
 * or deprecated), written by {@code AttackTableGenerator} from MITRE's STIX data.
 */
public final class AttackCatalog {

    /**
     * One ATT&CK object. {@code related} is the tactic ids of a technique or the parent id of a sub-technique;
     * {@code status} is current, revoked or deprecated; {@code replacedBy} is the id ATT&CK revoked it in favour of
     * (null when dac's table names none); {@code lastCurrentIn} is, for an id retired since the previous release
     * dac's table followed, that release (such as {@code v18.1}), else null; {@code previousTactics} is, for a
     * technique ATT&CK moved between tactics since then, that release's tactics of it (else empty).
     */
    public record Entry(String kind, String id, String name, List<String> related, String status,
            List<String> formerNames, String replacedBy, String lastCurrentIn, List<String> previousTactics) {

        public boolean retired() {
            return !status.equals("current");
        }

        /** Retired by the release the table follows, while the release before it still had the id as current. */
        public boolean retiredSincePreviousRelease() {
            return retired() && lastCurrentIn != null;
        }

        public String url() {
            return switch (kind) {
                case "tactic" -> "https://attack.mitre.org/tactics/" + id + "/";
                case "subtechnique" -> "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
                default -> "https://attack.mitre.org/techniques/" + id + "/";
            };
        }
    }

    private static final String RESOURCE = "attack-enterprise.tsv";

    private final Map<String, Entry> byId;
    private final String version;
    private final String previousVersion;

    private AttackCatalog(Map<String, Entry> byId, String version, String previousVersion) {
        this.byId = Map.copyOf(byId);
        this.version = version;
        this.previousVersion = previousVersion;
    }

    public static AttackCatalog load() {
        try (InputStream in = AttackCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dac's ATT&CK table " + RESOURCE + " is missing from the jar");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttackCatalog read(BufferedReader reader) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        String version = "unknown";
        String previousVersion = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("#")) {
                int at = line.indexOf("ATT&CK v");
                if (at >= 0 && version.equals("unknown")) {
                    version = line.substring(at + "ATT&CK ".length()).split("[ ,]")[0];
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            List<String> related = cols[3].isEmpty() ? List.of() : List.of(cols[3].split(","));
            List<String> former = cols.length > 5 && !cols[5].isEmpty() ? List.of(cols[5].split("\\|")) : List.of();
            String replacedBy = cols.length > 6 && !cols[6].isEmpty() ? cols[6] : null;
            String lastCurrentIn = cols.length > 7 && !cols[7].isEmpty() ? cols[7] : null;
            // "v18.1:TA0003,TA0005": the release is the table's previous one, which previousVersion keeps
            List<String> previousTactics = List.of();
            if (cols.length > 8 && cols[8].contains(":")) {
                previousVersion = cols[8].substring(0, cols[8].indexOf(':'));
                previousTactics = List.of(cols[8].substring(cols[8].indexOf(':') + 1).split(","));
            }
            entries.put(cols[1], new Entry(cols[0], cols[1], cols[2], related, cols[4], former, replacedBy,
                    lastCurrentIn, previousTactics));
        }
        return new AttackCatalog(entries, version, previousVersion);
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The current techniques (not sub-techniques) of the tactic {@code tacticId}, in id order. */
    public List<Entry> techniquesOf(String tacticId) {
        return byId.values().stream()
                .filter(e -> e.kind().equals("technique") && !e.retired() && e.related().contains(tacticId))
                .sorted(java.util.Comparator.comparing(Entry::id)).toList();
    }

    /** The ATT&CK release the table follows, such as {@code v19.2}. */
    public String version() {
        return version;
    }

    /** The release before it whose tactics the moved techniques record, such as {@code v18.1} (null if none). */
    public String previousVersion() {
        return previousVersion;
    }

    public int size() {
        return byId.size();
    }
}
