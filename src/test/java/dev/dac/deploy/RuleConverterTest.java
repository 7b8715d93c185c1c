package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.rule.RuleFile;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real public rules from elastic/detection-rules against the bodies detection-rules built from them for the prebuilt
 * rules package (elastic/integrations security_detection_engine); see src/test/resources/dev/dac/deploy/prebuilt.
 */
class RuleConverterTest {

    /** Every field of the package body dac builds as detection-rules does (version comes from the lock). */
    private static final List<String> BUILT_FIELDS = List.of("author", "description", "false_positives", "from",
            "index", "interval", "language", "license", "name", "note", "query", "references", "related_integrations",
            "required_fields", "risk_score", "rule_id", "setup", "severity", "tags", "threat", "timestamp_override",
            "type");

    static Path prebuilt(String name) {
        try {
            return Path.of(RuleConverterTest.class.getResource("/dev/dac/deploy/prebuilt/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static RuleFile load(Path file) {
        RuleSet checked = new RuleValidator().validate(List.of(file));
        assertThat(checked.report().errors()).as("%s validates", file).isEmpty();
        return checked.models().get(0);
    }

    static JsonNode packaged(String name) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(prebuilt(name))).path("attributes");
    }

    /** The package these bodies come from was built for a 9.1 stack at the patch its integrations gate on. */
    private static final RuleConverter PACKAGE_BUILD = new RuleConverter(new RuleConverter.Settings(null,
            VersionLock.empty(), "9.1.4"));

    private static void assertSameAsPackage(String toml, String packageJson, List<String> notDerived)
            throws Exception {
        ObjectNode body = PACKAGE_BUILD.toApi(load(prebuilt(toml)));
        JsonNode expected = packaged(packageJson);
        for (String field : BUILT_FIELDS) {
            if (expected.has(field) && !notDerived.contains(field)) {
                assertThat(body.get(field)).as(field).isEqualTo(expected.get(field));
            }
        }
    }

    @Test
    void multiLineDescriptionFalsePositivesAndSetupInNoteAreBuiltAsDetectionRulesBuildsThem() throws Exception {
        assertSameAsPackage("defense_evasion_elasticache_security_group_creation.toml",
                "7b3da11a-60a2-412e-8aa7-011e1eb9ed47_210.json", List.of());
    }

    @Test
    void investigateTransformsAreRenderedIntoTheNoteAsTheMarkdownPlugin() throws Exception {
        // an EQL rule: required_fields come from the parsed query, as the package has them
        assertSameAsPackage("privilege_escalation_user_added_to_admin_group.toml",
                "04e65517-16e9-4fc4-b7f1-94dc21ecea0d_6.json", List.of());
    }

    @Test
    void relatedIntegrationsTakeTheLeastCompatibleVersionForTheStack() throws Exception {
        RuleFile rule = load(prebuilt("defense_evasion_elasticache_security_group_creation.toml"));
        // aws 4.0.0 supports ^8.19.0; 5.x and 6.x need 8.19.4
        assertThat(new RuleConverter().toApi(rule).path("related_integrations").toString())
                .isEqualTo("[{\"package\":\"aws\",\"integration\":\"cloudtrail\",\"version\":\"^4.0.0\"}]");
        assertThat(new RuleConverter(new RuleConverter.Settings(null, null, "8.19.21")).toApi(rule)
                .path("related_integrations").path(0).path("version").asString()).isEqualTo("^6.0.0");
        // jamf_protect has no data streams in the query: a metadata row, without integration (no such template)
        assertThat(new RuleConverter().toApi(load(prebuilt("privilege_escalation_user_added_to_admin_group.toml")))
                .path("related_integrations").toString()).isEqualTo("[{\"package\":\"jamf_protect\",\"version\":"
                        + "\"^3.0.0\"}]");
    }

    @Test
    void aRuleKeepsItsOwnRelatedIntegrationsAndRequiredFields(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("own.toml");
        Files.writeString(file, Files.readString(prebuilt("defense_evasion_elasticache_security_group_creation.toml"))
                + "\n[[rule.required_fields]]\nname = \"x.y\"\ntype = \"keyword\"\necs = false\n"
                + "\n[[rule.related_integrations]]\npackage = \"aws\"\nversion = \"^1.0.0\"\n");
        ObjectNode body = new RuleConverter().toApi(load(file));
        assertThat(body.path("required_fields").toString()).isEqualTo("[{\"name\":\"x.y\",\"type\":\"keyword\","
                + "\"ecs\":false}]");
        assertThat(body.path("related_integrations").toString()).isEqualTo("[{\"package\":\"aws\",\"version\":"
                + "\"^1.0.0\"}]");
    }

    @Test
    void aThreatEntryWithoutTechniquesGetsAnEmptyList(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // _post_dict_conversion: "fill in threat.technique so it's never missing" (ML rules map tactics alone)
        Path file = dir.resolve("tactic_only.toml");
        Files.writeString(file, Files.readString(prebuilt("defense_evasion_elasticache_security_group_creation.toml"))
                + "\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"TA0004\"\n"
                + "name = \"Privilege Escalation\"\nreference = \"https://attack.mitre.org/tactics/TA0004/\"\n");
        JsonNode threat = new RuleConverter().toApi(load(file)).path("threat");
        assertThat(threat.get(threat.size() - 1).path("technique").isArray()).isTrue();
        assertThat(threat.get(threat.size() - 1).path("technique").isEmpty()).isTrue();
    }

    @Test
    void osqueryTransformsAreRenderedIntoTheNoteAsTheMarkdownPlugin() throws Exception {
        // related_integrations included: system ^2.0.0 although the query names no dataset, as system is one of
        // detection-rules' NON_DATASET_PACKAGES
        assertSameAsPackage("persistence_linux_group_creation.toml", "a1c2589e-0c8c-4ca8-9eb6-f83c4bbdbe8f_11.json",
                List.of("required_fields"));
    }

    @Test
    void packagesWithoutDataStreamsInTheQueryAreNamedFromTheMetadata(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // persistence_linux_group_creation (elastic/detection-rules), tagged with more packages of
        // NON_DATASET_PACKAGES (detection_rules/schemas/definitions.py), in the order of [metadata] integration
        Path file = dir.resolve("group_creation.toml");
        Files.writeString(file, Files.readString(prebuilt("persistence_linux_group_creation.toml"))
                .replace("integration = [\"system\"]", "integration = [\"system\", \"windows\", \"crowdstrike\","
                        + " \"sentinel_one_cloud_funnel\", \"m365_defender\", \"panw\"]"));
        JsonNode related = PACKAGE_BUILD.toApi(load(file)).path("related_integrations");
        assertThat(related.findValuesAsString("package")).containsExactly("system", "windows", "crowdstrike",
                "sentinel_one_cloud_funnel", "m365_defender", "panw");
        assertThat(related.findValues("integration")).isEmpty();
    }

    @Test
    void fromStack95RelatedIntegrationsGiveAMinimumVersionNotACaretRange() throws Exception {
        // detection_rules/integrations.py _related_integration_version_operator: ">=" from 9.5.0, "^" below
        RuleFile rule = load(prebuilt("persistence_linux_group_creation.toml"));
        assertThat(new RuleConverter(new RuleConverter.Settings(null, null, "9.5.0")).toApi(rule)
                .path("related_integrations").toString())
                .isEqualTo("[{\"package\":\"system\",\"version\":\">=2.0.0\"}]");
        assertThat(new RuleConverter(new RuleConverter.Settings(null, null, "9.4.9")).toApi(rule)
                .path("related_integrations").toString())
                .isEqualTo("[{\"package\":\"system\",\"version\":\"^2.0.0\"}]");
    }

    @Test
    void aKqlFieldPatternIsARequiredFieldOfItsOwn() throws Exception {
        // threat_intel_indicator_match_hash: query "file.hash.*:* or process.hash.*:* or dll.hash.*:*"
        RuleFile rule = load(prebuilt("threat_intel_indicator_match_hash.toml"));
        ObjectNode body = new RuleConverter().toApi(rule);
        assertThat(body.path("required_fields").toString()).isEqualTo("[{\"ecs\":false,\"name\":\"dll.hash.*\","
                + "\"type\":\"unknown\"},{\"ecs\":false,\"name\":\"file.hash.*\",\"type\":\"unknown\"},"
                + "{\"ecs\":false,\"name\":\"process.hash.*\",\"type\":\"unknown\"}]");
        // the sha256 detection-rules' version.lock.json holds for this rule (commit 14cf530f): the whole body agrees
        assertThat(VersionLock.hash(DetectionRulesParity.detectionRulesShape(rule, body)))
                .isEqualTo("e2a2498e73e3f61c27758713a85c042b5c136d49093f9f6e33faaf38267ece36");
    }

    @Test
    void anEqlFieldWrittenInBackquotesKeepsThemAsARequiredField() throws Exception {
        // execution_forbidden_creation_request: ... and `kubernetes.audit.annotations.authorization_k8s_io/decision`
        // == "forbid"; detection-rules' lock hash for it holds that name with its backquotes, type unknown, not ECS
        JsonNode required = new RuleConverter().toApi(load(prebuilt("execution_forbidden_creation_request.toml")))
                .path("required_fields");
        assertThat(required.findValuesAsString("name")).containsExactly(
                "`kubernetes.audit.annotations.authorization_k8s_io/decision`", "data_stream.dataset",
                "kubernetes.audit.stage", "kubernetes.audit.verb");
        assertThat(required.get(0).toString()).isEqualTo("{\"ecs\":false,\"name\":"
                + "\"`kubernetes.audit.annotations.authorization_k8s_io/decision`\",\"type\":\"unknown\"}");
    }

    @Test
    void aKqlNestedQueryListsItsPathAsARequiredFieldBesideItsChildren() throws Exception {
        // persistence_gcp_service_account_impersonation_role_grant:
        // gcp.audit.service_data.policy_delta.binding_deltas:{ action: "ADD" and role: (...) }
        RuleFile rule = load(prebuilt("persistence_gcp_service_account_impersonation_role_grant.toml"));
        ObjectNode body = new RuleConverter().toApi(rule);
        assertThat(body.path("required_fields").findValuesAsString("name")).contains(
                "gcp.audit.service_data.policy_delta.binding_deltas",
                "gcp.audit.service_data.policy_delta.binding_deltas.action",
                "gcp.audit.service_data.policy_delta.binding_deltas.role");
        // detection-rules' version.lock.json sha256 for this rule (commit 14cf530f): the whole body agrees
        assertThat(VersionLock.hash(DetectionRulesParity.detectionRulesShape(rule, body)))
                .isEqualTo("3f17a4c487eba5f04ccadef759e09705edc952dbab91d4afa1f237bb3c46d30a");
    }

    @Test
    void anEqlFieldWithABackquotedPartIsListedAsWritten() throws Exception {
        // persistence_entra_id_device_registration_to_prt_chain: azure.auditlogs.properties.target_resources.`0`
        // .display_name like "DESKTOP-*"
        RuleFile rule = load(prebuilt("persistence_entra_id_device_registration_to_prt_chain.toml"));
        ObjectNode body = new RuleConverter().toApi(rule);
        assertThat(body.path("required_fields").findValuesAsString("name"))
                .contains("azure.auditlogs.properties.target_resources.`0`.display_name");
        assertThat(VersionLock.hash(DetectionRulesParity.detectionRulesShape(rule, body)))
                .isEqualTo("e090e9df9a4f6330e9682bc62c0a7c41600a82d78f2987fbf64c8e1f9788d5d4");
    }

    @Test
    void osqueryEntriesAreRenderedWithSortedKeysAndAsciiEscapes() {
        ObjectNode transform = JsonNodeFactory.instance.objectNode();
        ObjectNode entry = transform.putArray("osquery").addObject();
        entry.put("query", "SELECT * FROM users WHERE username = 'ré'");
        entry.put("label", "Users \"local\"");
        String note = ApiText.renderTransforms("See $osquery_0, ${osquery_0}, $osquery_1 and $$5.", transform);
        String plugin = "!{osquery{\"label\":\"Users \\\"local\\\"\",\"query\":\"SELECT * FROM users WHERE username ="
                + " 'r\\u00e9'\"}}";
        assertThat(note).isEqualTo("See " + plugin + ", " + plugin + ", $osquery_1 and $5.");
    }

    @Test
    void normalisationJoinsLinesButKeepsQueriesAndMarkdown() {
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        rule.put("description", "\n  first line\n   second line  \r\n third\n");
        rule.put("threat_query", "a:1 and\n  b:2\n");
        rule.put("query", "a:1 and\n  b:2\n");
        rule.put("note", "## Guide\n\n  keep  \n");
        rule.putArray("false_positives").add("  one\n  two\n");
        rule.putArray("threat_filters").addObject().putObject("query").put("match", "x\ny");
        JsonNode normalized = ApiText.normalize(rule, false);
        assertThat(normalized.path("description").asString()).isEqualTo("first line second line third");
        assertThat(normalized.path("threat_query").asString()).isEqualTo("a:1 and b:2");
        assertThat(normalized.path("query").asString()).isEqualTo("a:1 and\n  b:2\n");
        assertThat(normalized.path("note").asString()).isEqualTo("## Guide\n\n  keep  \n");
        assertThat(normalized.path("false_positives").path(0).asString()).isEqualTo("one two");
        assertThat(normalized.path("threat_filters").path(0).path("query").path("match").asString())
                .isEqualTo("x\ny");
    }

    @Test
    void setupSectionWithMarkupStaysInTheNoteAsInDetectionRules() {
        SetupSection.Moved moved = SetupSection.move("## Triage\n\nLook.\n\n## Setup\n\nInstall `x` first.\n"
                + "Then **enable** it.\n\n## References\n\n- a\n");
        // the rendered setup loses the ** markers, so detection-rules' replace does not find it in the note
        assertThat(moved.setup()).isEqualTo("Install `x` first.\nThen enable it.");
        assertThat(moved.note()).isEqualTo("## Triage\n\nLook.\n\nInstall `x` first.\nThen **enable** it.\n\n"
                + "## References\n\n- a");
        SetupSection.Moved plain = SetupSection.move("## Triage\n\nLook.\n\n## Setup\n\nInstall x.\n");
        assertThat(plain.setup()).isEqualTo("Install x.");
        assertThat(plain.note()).isEqualTo("## Triage\n\nLook.");
        assertThat(SetupSection.move("## Triage\n\n### Setup of x\n\ntext").setup()).isNull();
    }

    @Test
    void aSetupListRunsItsItemsTogetherAsDetectionRulesRendersIt() {
        // rule 0ffc3d78 (SMB Activity from the Internet): the prebuilt package's setup reads the items run together
        SetupSection.Moved moved = SetupSection.move("## Triage\n\nLook.\n\n## Setup\n\nSources include:\n\n"
                + "- **Elastic Network Traffic** integration (Packetbeat)\n- **Corelight** integration\n"
                + "- **Zeek** integration (`smb_cmd`, `smb_files`)\n\nFor pfSense, log `logs-pfsense.log-*`.\n");
        assertThat(moved.setup()).isEqualTo("Sources include:\n\nElastic Network Traffic integration (Packetbeat)"
                + "Corelight integrationZeek integration (`smb_cmd`, `smb_files`)\nFor pfSense, log `logs-pfsense.log-*`.");
        // a loose list (blank lines between items) is one list too
        assertThat(SetupSection.move("## Setup\n\n- one\n\n- two\n\nEnd.\n").setup()).isEqualTo("onetwo\nEnd.");
    }

    @Test
    void pythonJsonMatchesJsonDumps() {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("b", 1.5);
        value.put("a", "tab\there \u007f \u2028");
        value.putArray("c").add(true).addNull();
        assertThat(PythonJson.dumps(value)).isEqualTo("{\"a\": \"tab\\there \\u007f \\u2028\", \"b\": 1.5, "
                + "\"c\": [true, null]}");
        assertThat(PythonJson.dumpsCompact(value)).isEqualTo("{\"a\":\"tab\\there \\u007f \\u2028\",\"b\":1.5,"
                + "\"c\":[true,null]}");
    }
}
