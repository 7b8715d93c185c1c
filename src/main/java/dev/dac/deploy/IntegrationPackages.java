package dev.dac.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Elastic integration packages, their versions, the Kibana versions each supports and its policy templates (dac's
 * table {@code integration-packages.tsv}, from detection-rules' integration manifests), and the least compatible
 * version of a package for a stack, as {@code _find_least_compatible_for_stack} and {@code _satisfies_kibana_range}
 * in detection-rules' {@code detection_rules/integrations.py} choose it: the newest major first, in it the oldest
 * version whose Kibana range holds the stack.
 */
final class IntegrationPackages {

    /** {@code text} is the version as the package writes it. */
    record PackageVersion(SemVer version, String text, String kibana, List<String> policyTemplates) {}

    private final Map<String, List<PackageVersion>> packages;

    private IntegrationPackages(Map<String, List<PackageVersion>> packages) {
        this.packages = packages;
    }

    private static IntegrationPackages builtIn;

    static synchronized IntegrationPackages builtIn() {
        if (builtIn == null) {
            try (InputStream in = IntegrationPackages.class.getResourceAsStream("integration-packages.tsv")) {
                builtIn = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("dac's integration package table is missing from the jar", e);
            }
        }
        return builtIn;
    }

    static IntegrationPackages parse(String table) {
        Map<String, List<PackageVersion>> packages = new TreeMap<>();
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            packages.computeIfAbsent(cells[0], p -> new ArrayList<>()).add(new PackageVersion(SemVer.parse(cells[1]), cells[1],
                    cells[2], cells[3].isEmpty() ? List.of() : List.of(cells[3].split(","))));
        }
        packages.values().forEach(versions -> versions.sort(Comparator.comparing(PackageVersion::version)));
        return new IntegrationPackages(packages);
    }

    boolean has(String pkg) {
        return packages.containsKey(pkg);
    }

    /** The oldest version of the newest major whose Kibana range holds {@code stack}; empty when none does. */
    Optional<PackageVersion> leastCompatible(String pkg, SemVer stack) {
        Map<Integer, List<PackageVersion>> byMajor = new LinkedHashMap<>();
        packages.getOrDefault(pkg, List.of()).stream()
                .sorted(Comparator.comparing((PackageVersion v) -> v.version().major()).reversed()
                        .thenComparing(PackageVersion::version))
                .forEach(v -> byMajor.computeIfAbsent(v.version().major(), m -> new ArrayList<>()).add(v));
        for (List<PackageVersion> major : byMajor.values()) {
            for (PackageVersion version : major) {
                if (satisfies(stack, version.kibana())) {
                    return Optional.of(version);
                }
            }
        }
        return Optional.empty();
    }

    /** A Kibana range of the package registry: clauses joined by {@code ||}, tokens in a clause all hold. */
    static boolean satisfies(SemVer stack, String range) {
        for (String clause : range.split("\\|\\|")) {
            SemVer low = new SemVer(0, 0, 0, "");
            SemVer high = null;
            boolean valid = true;
            for (String token : clause.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                try {
                    if (token.startsWith("^")) {
                        SemVer base = SemVer.parse(token.substring(1));
                        low = max(low, base);
                        high = min(high, new SemVer(base.major() + 1, 0, 0, ""));
                    } else if (token.startsWith("~")) {
                        SemVer base = SemVer.parse(token.substring(1));
                        low = max(low, base);
                        high = min(high, new SemVer(base.major(), base.minor() + 1, 0, ""));
                    } else if (token.startsWith(">=")) {
                        low = max(low, SemVer.parse(token.substring(2)));
                    } else if (token.startsWith("<=")) {
                        high = min(high, SemVer.parse(token.substring(2)).nextPatch());
                    } else if (token.startsWith(">")) {
                        low = max(low, SemVer.parse(token.substring(1)).nextPatch());
                    } else if (token.startsWith("<")) {
                        high = min(high, SemVer.parse(token.substring(1)));
                    } else {
                        SemVer exact = SemVer.parse(token.startsWith("=") ? token.substring(1) : token);
                        low = max(low, exact);
                        high = min(high, exact.nextPatch());
                    }
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (valid && low.compareTo(stack) <= 0 && (high == null || stack.compareTo(high) < 0)) {
                return true;
            }
        }
        return false;
    }

    private static SemVer max(SemVer a, SemVer b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static SemVer min(SemVer a, SemVer b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    /** A semantic version; a pre-release sorts before its release. */
    record SemVer(int major, int minor, int patch, String preRelease) implements Comparable<SemVer> {

        static SemVer parse(String text) {
            String core = text.trim();
            String pre = "";
            int dash = core.indexOf('-');
            if (dash >= 0) {
                pre = core.substring(dash + 1);
                core = core.substring(0, dash);
            }
            int plus = pre.indexOf('+');
            if (plus >= 0) {
                pre = pre.substring(0, plus);
            }
            String[] parts = core.split("\\.");
            try {
                return new SemVer(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                        parts.length > 2 ? Integer.parseInt(parts[2]) : 0, pre);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a version: " + text, e);
            }
        }

        SemVer nextPatch() {
            return new SemVer(major, minor, patch + 1, "");
        }

        @Override
        public int compareTo(SemVer o) {
            int c = Comparator.comparingInt(SemVer::major).thenComparingInt(SemVer::minor)
                    .thenComparingInt(SemVer::patch).compare(this, o);
            if (c != 0) {
                return c;
            }
            if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
                return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
            }
            return comparePre(preRelease, o.preRelease);
        }

        private static int comparePre(String a, String b) {
            String[] x = a.split("\\.");
            String[] y = b.split("\\.");
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                boolean xn = x[i].matches("\\d+");
                boolean yn = y[i].matches("\\d+");
                int c = xn && yn ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]))
                        : xn ? -1 : yn ? 1 : x[i].compareTo(y[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
        }
    }
}
