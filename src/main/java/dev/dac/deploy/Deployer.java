package dev.dac.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a plan to Kibana: creates and updates through _import (in batches, overwriting) or through the create and
 * update calls, deletes with --prune, and reports every rule. A body that breaks the request schema is not sent.
 */
public final class Deployer {

    /** How rules are written: one _import call per batch, or one create/update call per rule. */
    public enum Mode {
        IMPORT,
        UPSERT
    }

    /** What happened to one rule. */
    public record RuleResult(String ruleId, String name, String outcome, boolean failed, String message) {}

    static final int BATCH_SIZE = 500;

    private final KibanaClient client;
    private final java.util.function.Consumer<String> progress;
    private final RuleRequestSchema schema = new RuleRequestSchema();
    private final JsonMapper json = JsonMapper.builder().build();

    public Deployer(KibanaClient client) {
        this(client, message -> { });
    }

    /** A deployer that reports each batch or call it is about to make to {@code progress}. */
    public Deployer(KibanaClient client, java.util.function.Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    public List<RuleResult> apply(DeploymentPlan plan, Mode mode) throws DeployException {
        List<RuleResult> results = new ArrayList<>();
        List<DeploymentPlan.Entry> writes = new ArrayList<>();
        for (DeploymentPlan.Entry entry : plan.entries()) {
            switch (entry.action()) {
                case UNCHANGED -> results.add(new RuleResult(entry.ruleId(), entry.name(), "unchanged", false, null));
                case KEEP_REMOTE -> results.add(new RuleResult(entry.ruleId(), entry.name(),
                        "only in Kibana, left alone (use --prune to delete)", false, null));
                case DELETE -> results.add(delete(entry));
                case CREATE, UPDATE -> {
                    List<String> problems = schema.problems(entry.body());
                    if (problems.isEmpty()) {
                        writes.add(entry);
                    } else {
                        results.add(new RuleResult(entry.ruleId(), entry.name(), "not sent", true,
                                "the rule does not fit Kibana's API: " + String.join("; ", problems)));
                    }
                }
            }
        }
        if (mode == Mode.IMPORT) {
            for (int start = 0; start < writes.size(); start += BATCH_SIZE) {
                progress.accept("importing rules " + (start + 1) + "-" + Math.min(writes.size(), start + BATCH_SIZE)
                        + " of " + writes.size());
                results.addAll(importBatch(writes.subList(start, Math.min(writes.size(), start + BATCH_SIZE))));
            }
        } else {
            for (int i = 0; i < writes.size(); i++) {
                if (i % 100 == 0) {
                    progress.accept("writing rules " + (i + 1) + "-" + Math.min(writes.size(), i + 100) + " of "
                            + writes.size());
                }
                results.add(upsert(writes.get(i)));
            }
        }
        return results;
    }

    private List<RuleResult> importBatch(List<DeploymentPlan.Entry> batch) throws DeployException {
        StringBuilder ndjson = new StringBuilder();
        batch.forEach(e -> ndjson.append(json.writeValueAsString(e.body())).append('\n'));
        KibanaClient.KibanaResponse response = client.importRules(ndjson.toString(), true);
        if (!response.ok()) {
            String message = "Kibana refused the import (" + response.status() + "): " + Planner.message(response);
            return batch.stream().map(e -> new RuleResult(e.ruleId(), e.name(), "failed", true, message)).toList();
        }
        Map<String, String> errors = new HashMap<>();
        for (JsonNode error : response.json().path("errors")) {
            errors.put(error.path("rule_id").asString(""), error.path("error").path("status_code").asInt() + ": "
                    + error.path("error").path("message").asString());
        }
        List<RuleResult> results = new ArrayList<>();
        for (DeploymentPlan.Entry entry : batch) {
            String error = errors.get(entry.ruleId());
            results.add(error == null
                    ? new RuleResult(entry.ruleId(), entry.name(), verb(entry), false, null)
                    : new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana rejected it: " + error));
        }
        return results;
    }

    private RuleResult upsert(DeploymentPlan.Entry entry) throws DeployException {
        boolean create = entry.action() == DeploymentPlan.Action.CREATE;
        KibanaClient.KibanaResponse response = client.send(create ? "POST" : "PUT", "/api/detection_engine/rules",
                entry.body());
        return response.ok() ? new RuleResult(entry.ruleId(), entry.name(), verb(entry), false, null)
                : new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana rejected it ("
                        + response.status() + "): " + Planner.message(response));
    }

    private RuleResult delete(DeploymentPlan.Entry entry) throws DeployException {
        KibanaClient.KibanaResponse response = client.send("DELETE", "/api/detection_engine/rules?rule_id="
                + entry.ruleId(), null);
        return response.ok() ? new RuleResult(entry.ruleId(), entry.name(), "deleted", false, null)
                : new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana did not delete it ("
                        + response.status() + "): " + Planner.message(response));
    }

    private static String verb(DeploymentPlan.Entry entry) {
        return entry.action() == DeploymentPlan.Action.CREATE ? "created" : "updated";
    }

    /** Reads every rule of the space through _export (ndjson; the last line is the export summary). */
    public static List<ObjectNode> export(KibanaClient client) throws DeployException {
        KibanaClient.KibanaResponse response = client.send("POST",
                "/api/detection_engine/rules/_export?exclude_export_details=true", null);
        if (!response.ok()) {
            throw new DeployException("Kibana could not export the rules (" + response.status() + "): "
                    + Planner.message(response));
        }
        return RuleExporter.rulesOf(response.text());
    }
}
