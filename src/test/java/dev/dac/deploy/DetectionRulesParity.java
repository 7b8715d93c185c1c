package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares dac's API bodies with detection-rules' own build, rule by rule, over a detection-rules checkout (not part
 * of the test suite: it needs the public corpus). detection-rules' version lock
 * ({@code detection_rules/etc/version.lock.json}) keeps, for every rule, the sha256 of its API body as
 * {@code to_api_format} builds it without version and related_integrations ({@code get_hash},
 * {@code utils.dict_hash}); dac builds the same body shape (its own defaults left out, as detection-rules leaves them
 * out) and hashes it the same way. Equal hashes mean every field of the body is equal: description, note, setup,
 * false_positives, threat, required_fields, the query. Where they differ, {@link RequiredFieldTypes} looks for the
 * types of dac's non-ECS required fields that give detection-rules' hash (the field dac derives from knowledge
 * detection-rules has and dac may lack: its integration schemas), which tells a type difference from any other.
 * {@link EmitParity} then compares the lock's {@code stack_emit["9.5"]} hashes, whose bodies hold related_integrations.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.dac.deploy.DetectionRulesParity \
 *     RULES_DIR VERSION_LOCK_JSON [BODIES_OUT_DIR]
 * </pre>
 */
public final class DetectionRulesParity {

    private DetectionRulesParity() {}

    /** The rule body in detection-rules' shape: dac's body without the API defaults the rule file does not set. */
    static ObjectNode detectionRulesShape(RuleFile file, ObjectNode body) {
        ObjectNode shaped = body.deepCopy();
        JsonNode table = file.document().path("rule");
        for (String field : RuleConverter.DEFAULTS.keySet()) {
            JsonNode value = shaped.path(field);
            boolean derived = (field.equals("required_fields") && !value.isEmpty())
                    || (field.equals("setup") && (!value.asString("").isEmpty() || movedSetup(shaped, table)));
            if (!table.has(field) && !derived) {
                shaped.remove(field);
            }
        }
        // dac sends a single job id as a list, the form Kibana stores and returns (so plans compare like with
        // like); detection-rules sends the file's string. Undone here, and stated in the README.
        JsonNode jobId = table.path("machine_learning_job_id");
        if (jobId.isString()) {
            shaped.set("machine_learning_job_id", jobId);
        }
        shaped.remove("version");
        shaped.remove("related_integrations");
        return shaped;
    }

    /** Whether the note had a setup heading, even an empty one (detection-rules then sends {@code setup: ""}). */
    private static boolean movedSetup(JsonNode body, JsonNode table) {
        return !table.has("setup") && table.path("note").isString()
                && SetupSection.move(table.path("note").asString()).setup() != null;
    }

    private static final Pattern KEEP = Pattern.compile("(?is)\\|\\s*keep\\b\\s+([^|]+)");

    /** detection-rules' {@code _uses_keep_star}: the first KEEP of an ES|QL query names a pattern. */
    static boolean usesKeepStar(JsonNode body) {
        if (!"esql".equals(body.path("language").asString())) {
            return false;
        }
        Matcher keep = KEEP.matcher(body.path("query").asString(""));
        if (!keep.find()) {
            return false;
        }
        for (String field : keep.group(1).split(",")) {
            String name = field.strip();
            if (name.equals("*") || name.endsWith("*")) {
                return true;
            }
        }
        return false;
    }

    private static void countTyped(JsonNode dac, JsonNode detectionRules, int[] typed) {
        for (int i = 0; i < dac.size(); i++) {
            String ours = dac.get(i).path("type").asString();
            String theirs = detectionRules.get(i).path("type").asString();
            if (!ours.equals("unknown") && !theirs.equals("unknown")) {
                typed[0]++;
                typed[1] += ours.equals(theirs) ? 1 : 0;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DetectionRulesParity RULES_DIR VERSION_LOCK_JSON [BODIES_OUT_DIR]");
            System.exit(2);
        }
        JsonMapper json = JsonMapper.builder().build();
        JsonNode lock = json.readTree(Files.readString(Path.of(args[1])));
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        if (out != null) {
            Files.createDirectories(out);
        }
        RuleSet rules = new RuleValidator().validate(List.of(Path.of(args[0])));
        RuleConverter converter = new RuleConverter();
        EmitParity emit = new EmitParity();
        Map<String, int[]> byKind = new TreeMap<>(); // kind -> {rules, equal, equal without required_fields}
        int notLocked = 0;
        int[] typed = new int[2]; // required fields both sides type (not unknown), of them with the same type
        int deprecated = 0;
        StringBuilder differing = new StringBuilder();
        for (RuleFile file : rules.models()) {
            if (file.metadata() != null && "deprecated".equals(file.metadata().maturity())) {
                deprecated++;
                continue;
            }
            JsonNode locked = lock.path(file.rule().ruleId());
            if (!locked.has("sha256")) {
                notLocked++;
                continue;
            }
            ObjectNode shaped = detectionRulesShape(file, converter.toApi(file));
            String kind = shaped.path("type").asString() + "/" + shaped.path("language").asString("-");
            int[] counts = byKind.computeIfAbsent(kind, k -> new int[5]);
            counts[0]++;
            String expected = locked.path("sha256").asString();
            boolean keepStar = usesKeepStar(shaped);
            if (keepStar) {
                shaped.remove("required_fields"); // detection-rules hashes such a rule without them
            }
            if (VersionLock.hash(shaped).equals(expected)) {
                emit.compare(file, locked, null, true);
                countTyped(shaped.path("required_fields"), shaped.path("required_fields"), typed);
                counts[1]++;
                counts[3] += keepStar ? 1 : 0;
                continue;
            }
            Optional<ArrayNode> found = RequiredFieldTypes.search(shaped, expected);
            emit.compare(file, locked, found.orElse(null), found.isPresent());
            if (found.isPresent()) {
                countTyped(shaped.path("required_fields"), found.get(), typed);
                counts[4]++;
                differing.append("required_fields types\t").append(kind).append('\t').append(file.rule().ruleId())
                        .append('\t').append(RequiredFieldTypes.describe(shaped.path("required_fields"), found.get()))
                        .append('\n');
                continue;
            }
            differing.append("body\t").append(kind).append('\t')
                    .append(file.rule().ruleId()).append('\t').append(file.path()).append('\n');
            if (out != null) {
                Files.writeString(out.resolve(file.rule().ruleId() + ".json"),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(shaped));
            }
        }
        int total = 0;
        int equal = 0;
        for (Map.Entry<String, int[]> e : byKind.entrySet()) {
            int[] c = e.getValue();
            total += c[0];
            equal += c[1];
            System.out.printf("%-20s %4d rules: %4d equal (%d of them hashed without required_fields, as"
                    + " detection-rules does for KEEP *), %4d equal but for required_fields types, %4d differ%n",
                    e.getKey(), c[0], c[1], c[3], c[4], c[0] - c[1] - c[4]);
        }
        System.out.printf("%d production rules with a lock entry: %d bodies equal to detection-rules' (%.1f%%);"
                + " %d deprecated and %d unlocked rules not compared%n", total, equal,
                total == 0 ? 0.0 : 100.0 * equal / total, deprecated, notLocked);
        System.out.print(differing);
        System.out.printf("required_fields typed by both (not unknown) in the rules compared to the end: %d, of them"
                + " with the same type: %d%n", typed[0], typed[1]);
        emit.report(System.out);
        if (!rules.report().errors().isEmpty()) {
            System.out.println(rules.report().errors().size() + " validation errors (those rules are still compared)");
        }
    }
}
