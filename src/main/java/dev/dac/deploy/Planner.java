package dev.dac.deploy;

import dev.dac.rule.RuleFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Compares the repository's rules with Kibana's, by rule_id, into a {@link DeploymentPlan}. */
public final class Planner {

    private final RuleConverter converter;

    public Planner() {
        this(new RuleConverter());
    }

    /** A planner that builds the bodies with {@code converter} (enabled setting and version lock). */
    public Planner(RuleConverter converter) {
        this.converter = converter;
    }

    /** Every rule in the space, by rule_id, read page by page through _find. */
    public static Map<String, ObjectNode> remoteRules(KibanaClient client) throws DeployException {
        Map<String, ObjectNode> rules = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            KibanaClient.KibanaResponse response = client.get("/api/detection_engine/rules/_find?page=" + page
                    + "&per_page=100&sort_field=name&sort_order=asc");
            if (!response.ok()) {
                throw new DeployException("Kibana could not list the rules (" + response.status() + "): "
                        + message(response));
            }
            JsonNode data = response.json().path("data");
            data.forEach(rule -> rules.put(rule.path("rule_id").asString(), (ObjectNode) rule));
            if (data.isEmpty() || rules.size() >= response.json().path("total").asInt()) {
                return rules;
            }
        }
    }

    public DeploymentPlan plan(List<RuleFile> local, Map<String, ObjectNode> remote, boolean prune) {
        List<DeploymentPlan.Entry> entries = new ArrayList<>();
        for (RuleFile file : local) {
            ObjectNode body = converter.toApi(file);
            String ruleId = file.rule().ruleId();
            ObjectNode existing = remote.get(ruleId);
            if (existing == null) {
                entries.add(new DeploymentPlan.Entry(ruleId, file.rule().name(), DeploymentPlan.Action.CREATE,
                        List.of(), body));
                continue;
            }
            List<DeploymentPlan.FieldChange> changes = diff(RuleNormalizer.normalize(existing),
                    RuleNormalizer.normalize(body));
            entries.add(new DeploymentPlan.Entry(ruleId, file.rule().name(), changes.isEmpty()
                    ? DeploymentPlan.Action.UNCHANGED : DeploymentPlan.Action.UPDATE, changes, body));
        }
        List<String> localIds = local.stream().map(f -> f.rule().ruleId()).toList();
        remote.forEach((ruleId, rule) -> {
            if (!localIds.contains(ruleId)) {
                entries.add(new DeploymentPlan.Entry(ruleId, rule.path("name").asString(), prune
                        ? DeploymentPlan.Action.DELETE : DeploymentPlan.Action.KEEP_REMOTE, List.of(), null));
            }
        });
        return new DeploymentPlan(entries, prune);
    }

    static List<DeploymentPlan.FieldChange> diff(ObjectNode kibana, ObjectNode repository) {
        TreeSet<String> fields = new TreeSet<>();
        kibana.propertyNames().forEach(fields::add);
        repository.propertyNames().forEach(fields::add);
        List<DeploymentPlan.FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            JsonNode before = kibana.get(field);
            JsonNode after = repository.get(field);
            if (before == null || after == null || !before.equals(after)) {
                changes.add(new DeploymentPlan.FieldChange(field, before, after));
            }
        }
        return changes;
    }

    static String message(KibanaClient.KibanaResponse response) {
        JsonNode json = response.json();
        if (json != null && json.has("message")) {
            return json.path("message").asString();
        }
        return response.text().length() > 300 ? response.text().substring(0, 300) + "..." : response.text();
    }
}
