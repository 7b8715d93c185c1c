package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a rule file into the rule JSON of Kibana's Detection Engine API (2023-10-31), for create, update and import,
 * as the elastic/detection-rules build does ({@code TOMLRuleContents.to_api_format} and {@code _post_dict_conversion}
 * in {@code detection_rules/rule.py}): the {@code [transform]} entries rendered into the note, every string but
 * queries and Markdown joined onto one line ({@link ApiText}), related_integrations and required_fields derived
 * ({@link BuildTimeFields}), a {@code ## Setup} section of the note moved to {@code setup} ({@link SetupSection}), and the version from the repository's {@link VersionLock}. The {@code [rule]}
 * table already uses the API's field names; only the new terms table is shaped differently (flattened to
 * new_terms_fields and history_window_start), and [metadata] and [transform] stay in the repository.
 */
public final class RuleConverter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * Defaults the API applies when a rule leaves them out; written explicitly so plans compare like with like.
     * {@code enabled} is Kibana's default (IsRuleEnabled: "Defaults to true"), which is also what a rule built by
     * detection-rules without {@code enabled} gets.
     */
    static final Map<String, JsonNode> DEFAULTS = Map.ofEntries(
            Map.entry("enabled", JSON.booleanNode(true)),
            Map.entry("version", JSON.numberNode(1)),
            Map.entry("from", JSON.stringNode("now-6m")),
            Map.entry("to", JSON.stringNode("now")),
            Map.entry("interval", JSON.stringNode("5m")),
            Map.entry("max_signals", JSON.numberNode(100)),
            Map.entry("author", JSON.arrayNode()),
            Map.entry("tags", JSON.arrayNode()),
            Map.entry("references", JSON.arrayNode()),
            Map.entry("false_positives", JSON.arrayNode()),
            Map.entry("threat", JSON.arrayNode()),
            Map.entry("risk_score_mapping", JSON.arrayNode()),
            Map.entry("severity_mapping", JSON.arrayNode()),
            Map.entry("exceptions_list", JSON.arrayNode()),
            Map.entry("actions", JSON.arrayNode()),
            Map.entry("related_integrations", JSON.arrayNode()),
            Map.entry("required_fields", JSON.arrayNode()),
            Map.entry("setup", JSON.stringNode("")));

    /**
     * How a build is set up: {@code enabled} forces every rule on or off (null: the rule's own {@code enabled}, else
     * Kibana's default, on), the version lock gives the versions, and {@code stackVersion} is the Kibana version the
     * related_integrations ranges are chosen for (a rule's higher min_stack_version wins). A malformed stack version
     * throws IllegalArgumentException.
     */
    public record Settings(Boolean enabled, VersionLock lock, String stackVersion) {
        public Settings {
            lock = lock == null ? VersionLock.empty() : lock;
            stackVersion = stackVersion == null ? BuildTimeFields.DEFAULT_STACK : stackVersion;
            IntegrationPackages.SemVer.parse(stackVersion); // fails here, not in the middle of a build
        }

        public Settings(Boolean enabled, VersionLock lock) {
            this(enabled, lock, null);
        }

        public static Settings defaults() {
            return new Settings(null, VersionLock.empty());
        }
    }

    /** Where a rule's enabled state comes from. */
    public enum EnabledSource { OPTION, RULE_FILE, KIBANA_DEFAULT }

    /** The body to send, with where its version and enabled state come from and its content hash. */
    public record Built(ObjectNode body, VersionLock.Resolved version, EnabledSource enabledSource, String sha256) {}

    private final Settings settings;

    public RuleConverter() {
        this(Settings.defaults());
    }

    public RuleConverter(Settings settings) {
        this.settings = settings;
    }

    public ObjectNode toApi(RuleFile file) {
        return build(file).body();
    }

    public Built build(RuleFile file) {
        ObjectNode rule = (ObjectNode) file.document().path("rule").deepCopy();
        JsonNode newTerms = rule.remove("new_terms");
        if (newTerms != null) {
            rule.set("new_terms_fields", newTerms.path("value"));
            rule.set("history_window_start", newTerms.path("history_window_start").path(0).path("value"));
        }
        JsonNode jobId = rule.get("machine_learning_job_id");
        if (jobId != null && jobId.isString()) {
            rule.set("machine_learning_job_id", JSON.arrayNode().add(jobId));
        }
        // detection-rules: TOMLRuleContents.to_dict renders [transform] into the note, then nested_normalize
        JsonNode transform = file.document().path("transform");
        if (transform.isObject() && rule.path("note").isString() && !rule.path("note").asString().isEmpty()) {
            rule.put("note", ApiText.renderTransforms(rule.path("note").asString(), transform));
        }
        ObjectNode body = (ObjectNode) ApiText.normalize(rule, false);
        // _post_dict_conversion: "fill in threat.technique so it's never missing"
        body.path("threat").forEach(entry -> {
            if (entry instanceof ObjectNode threat && !threat.has("technique")) {
                threat.putArray("technique");
            }
        });
        // _post_dict_conversion: related_integrations, required_fields, then setup
        BuildTimeFieldsHolder.FIELDS.add(file, body, IntegrationPackages.SemVer.parse(settings.stackVersion()));
        moveSetup(body);

        EnabledSource enabledSource;
        if (settings.enabled() != null) {
            body.put("enabled", settings.enabled());
            enabledSource = EnabledSource.OPTION;
        } else {
            enabledSource = body.has("enabled") ? EnabledSource.RULE_FILE : EnabledSource.KIBANA_DEFAULT;
        }
        DEFAULTS.forEach((field, value) -> {
            if (!body.has(field)) {
                body.set(field, value.deepCopy());
            }
        });
        Integer fileVersion = rule.path("version").isIntegralNumber() ? rule.path("version").asInt() : null;
        String sha256 = VersionLock.hash(hashable(body));
        VersionLock.Resolved version = settings.lock().resolve(file.rule().ruleId(), sha256, fileVersion);
        body.put("version", version.version());
        return new Built(body, version, enabledSource, sha256);
    }

    /** The catalog and package table load once, on the first build. */
    private static final class BuildTimeFieldsHolder {
        static final BuildTimeFields FIELDS = new BuildTimeFields(IntegrationPackages.builtIn(),
                dev.dac.fields.FieldCatalog.builtIn(), dev.dac.fields.EcsFields.load().types());
    }

    /** What the lock hashes: the body without version and related_integrations (as detection-rules) and enabled. */
    static ObjectNode hashable(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("version");
        copy.remove("related_integrations");
        copy.remove("enabled");
        return copy;
    }

    /** {@code _convert_add_setup}: only when the rule has no setup of its own. */
    private static void moveSetup(ObjectNode body) {
        JsonNode setup = body.get("setup");
        JsonNode note = body.get("note");
        if ((setup != null && !setup.asString("").isEmpty()) || note == null || !note.isString()) {
            return;
        }
        SetupSection.Moved moved = SetupSection.move(note.asString());
        if (moved.setup() != null) {
            body.put("note", moved.note());
            body.put("setup", moved.setup());
        }
    }
}
