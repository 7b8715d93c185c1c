package dev.dac.deploy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a plan to Kibana: creates and updates through _import (in batches, overwriting) or through the create and
 * update calls, deletes with --prune, and reports every rule. A rule counts as written only when Kibana's answer
 * accounts for it or reading it back shows it stored as sent; a body that breaks the request schema is not sent.
 * When Kibana stops answering (deadline, unreachable, credentials), the rule in flight is reported unknown and
 * nothing more is sent.
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

    public List<RuleResult> apply(DeploymentPlan plan, Mode mode) {
        List<RuleResult> results = new ArrayList<>();
        List<DeploymentPlan.Entry> writes = new ArrayList<>();
        String stopped = null;
        for (DeploymentPlan.Entry entry : plan.entries()) {
            switch (entry.action()) {
                case UNCHANGED -> results.add(new RuleResult(entry.ruleId(), entry.name(), "unchanged", false, null));
                case KEEP_REMOTE -> results.add(new RuleResult(entry.ruleId(), entry.name(),
                        "only in Kibana, left alone (use --prune to delete)", false, null));
                case DELETE -> {
                    if (stopped != null) {
                        results.add(notSent(entry, stopped));
                        continue;
                    }
                    try {
                        results.add(delete(entry));
                    } catch (DeployException e) {
                        stopped = e.getMessage();
                        results.add(unknown(entry, stopped));
                    }
                }
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
        int size = mode == Mode.IMPORT ? BATCH_SIZE : 1;
        for (int start = 0; start < writes.size(); start += size) {
            List<DeploymentPlan.Entry> batch = writes.subList(start, Math.min(writes.size(), start + size));
            if (stopped != null) {
                String reason = stopped;
                batch.forEach(entry -> results.add(notSent(entry, reason)));
                continue;
            }
            if (mode == Mode.IMPORT) {
                progress.accept("importing rules " + (start + 1) + "-" + (start + batch.size()) + " of "
                        + writes.size());
            } else if (start % 100 == 0) {
                progress.accept("writing rules " + (start + 1) + "-" + Math.min(writes.size(), start + 100) + " of "
                        + writes.size());
            }
            try {
                results.addAll(mode == Mode.IMPORT ? importBatch(batch) : List.of(upsert(batch.get(0))));
            } catch (DeployException e) {
                stopped = e.getMessage();
                String reason = stopped;
                batch.forEach(entry -> results.add(unknown(entry, reason)));
            }
        }
        return results;
    }

    private static RuleResult notSent(DeploymentPlan.Entry entry, String reason) {
        return new RuleResult(entry.ruleId(), entry.name(), "not sent", true, "dac stopped sending: " + reason);
    }

    private static RuleResult unknown(DeploymentPlan.Entry entry, String reason) {
        return new RuleResult(entry.ruleId(), entry.name(), "unknown", true, "Kibana did not confirm it (" + reason
                + "); run dac plan to see what Kibana holds");
    }

    private List<RuleResult> importBatch(List<DeploymentPlan.Entry> batch) throws DeployException {
        StringBuilder ndjson = new StringBuilder();
        batch.forEach(e -> ndjson.append(json.writeValueAsString(e.body())).append('\n'));
        KibanaClient.KibanaResponse response = client.importRules(ndjson.toString(), true);
        if (!response.ok()) {
            String message = "Kibana refused the import (" + response.status() + "): " + response.message();
            return batch.stream().map(e -> new RuleResult(e.ruleId(), e.name(), "failed", true, message)).toList();
        }
        ImportAnswer answer = ImportAnswer.read(response, batch);
        List<RuleResult> results = new ArrayList<>();
        for (DeploymentPlan.Entry entry : batch) {
            String error = answer.errors().get(entry.ruleId());
            if (error != null) {
                results.add(new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana rejected it: "
                        + error));
            } else if (answer.unaccounted() == null) {
                results.add(new RuleResult(entry.ruleId(), entry.name(), verb(entry), false, null));
            } else {
                results.add(confirmByReadingBack(entry, answer.unaccounted()));
            }
        }
        return results;
    }

    /**
     * Kibana's _import answer, checked against the batch sent: the errors by rule_id, and why the rest are not
     * accounted for (null when {@code success_count} counts exactly the rules without an error).
     */
    record ImportAnswer(Map<String, String> errors, String unaccounted) {

        static ImportAnswer read(KibanaClient.KibanaResponse response, List<DeploymentPlan.Entry> batch) {
            JsonNode body = response.json();
            if (!body.isObject()) {
                return new ImportAnswer(Map.of(), "Kibana's import answer (" + response.status() + ") is "
                        + response.describeBody() + ", not the JSON object its API sends");
            }
            Set<String> sent = batch.stream().map(DeploymentPlan.Entry::ruleId).collect(Collectors.toSet());
            Map<String, String> errors = new LinkedHashMap<>();
            List<String> unnamed = new ArrayList<>();
            JsonNode errorList = body.path("errors");
            for (JsonNode error : errorList.isArray() ? errorList : json().createArrayNode()) {
                String text = error.path("error").path("status_code").asString("?") + ": "
                        + error.path("error").path("message").asString("(no message)");
                String ruleId = error.path("rule_id").asString("");
                if (sent.contains(ruleId)) {
                    errors.put(ruleId, text);
                } else {
                    unnamed.add(text);
                }
            }
            JsonNode successes = body.path("success_count");
            String unaccounted = null;
            if (!errorList.isArray()) {
                unaccounted = "Kibana's import answer has " + Planner.shape(errorList) + " in 'errors' where a list"
                        + " belongs";
            } else if (!unnamed.isEmpty()) {
                unaccounted = "Kibana's import answer holds errors that name no rule sent (" + String.join("; ",
                        unnamed) + ")";
            } else if (!successes.isIntegralNumber()) {
                unaccounted = "Kibana's import answer has " + Planner.shape(successes) + " in 'success_count'";
            } else if (successes.asLong() != batch.size() - errors.size()) {
                unaccounted = "Kibana's import answer counts " + successes.asLong() + " rules imported and "
                        + errors.size() + " failed of " + batch.size() + " sent";
            } else if (body.has("rules_count") && body.path("rules_count").asLong(-1) != batch.size()) {
                unaccounted = "Kibana's import answer counts " + Planner.shape(body.path("rules_count"))
                        + " rules received of " + batch.size() + " sent";
            }
            return new ImportAnswer(errors, unaccounted);
        }

        private static JsonMapper json() {
            return JsonMapper.builder().build();
        }
    }

    private RuleResult upsert(DeploymentPlan.Entry entry) throws DeployException {
        boolean create = entry.action() == DeploymentPlan.Action.CREATE;
        KibanaClient.KibanaResponse response = client.send(create ? "POST" : "PUT", "/api/detection_engine/rules",
                entry.body());
        if (response.ok() && response.json().path("rule_id").asString("").equals(entry.ruleId())) {
            return new RuleResult(entry.ruleId(), entry.name(), verb(entry), false, null);
        }
        if (response.ok()) {
            return confirmByReadingBack(entry, "Kibana's answer (" + response.status() + ") is "
                    + response.describeBody() + ", not the rule");
        }
        if (create && response.status() == 409) {
            // an earlier attempt may have stored the rule before its connection dropped
            return confirmByReadingBack(entry, "Kibana answered 409: " + response.message());
        }
        return new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana rejected it ("
                + response.status() + "): " + response.message());
    }

    /** A rule Kibana's answer did not account for ({@code why}): written if Kibana now holds it as sent. */
    private RuleResult confirmByReadingBack(DeploymentPlan.Entry entry, String why) throws DeployException {
        KibanaClient.KibanaResponse stored = client.get("/api/detection_engine/rules?rule_id="
                + URLEncoder.encode(entry.ruleId(), StandardCharsets.UTF_8));
        String problem;
        if (stored.status() == 404) {
            problem = "reading it back shows Kibana does not hold it";
        } else if (!stored.ok()) {
            problem = "reading it back failed (" + stored.status() + "): " + stored.message();
        } else if (!stored.json().isObject()) {
            problem = "reading it back gave " + stored.describeBody();
        } else if (!Planner.diff(RuleNormalizer.normalize(stored.json()), RuleNormalizer.normalize(entry.body()))
                .isEmpty()) {
            problem = "reading it back shows Kibana holds a different version of it";
        } else {
            return new RuleResult(entry.ruleId(), entry.name(), verb(entry), false, "confirmed by reading it back ("
                    + why + ")");
        }
        return new RuleResult(entry.ruleId(), entry.name(), "failed", true, why + "; " + problem);
    }

    private RuleResult delete(DeploymentPlan.Entry entry) throws DeployException {
        String path = "/api/detection_engine/rules?rule_id=" + URLEncoder.encode(entry.ruleId(),
                StandardCharsets.UTF_8);
        KibanaClient.KibanaResponse response = client.send("DELETE", path, null);
        if (!response.ok()) {
            return new RuleResult(entry.ruleId(), entry.name(), "failed", true, "Kibana did not delete it ("
                    + response.status() + "): " + response.message());
        }
        if (response.json().path("rule_id").asString("").equals(entry.ruleId())) {
            return new RuleResult(entry.ruleId(), entry.name(), "deleted", false, null);
        }
        // Kibana answers a delete with the deleted rule; anything else is confirmed by its absence
        String why = "Kibana's answer (" + response.status() + ") is " + response.describeBody() + ", not the rule";
        KibanaClient.KibanaResponse stored = client.get(path);
        return stored.status() == 404
                ? new RuleResult(entry.ruleId(), entry.name(), "deleted", false, "confirmed by reading it back ("
                        + why + ")")
                : new RuleResult(entry.ruleId(), entry.name(), "failed", true, why + "; reading it back gave "
                        + stored.status() + ", not 404: Kibana may still hold it");
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
                    + response.message());
        }
        return RuleExporter.rulesOf(response.text());
    }
}
