package dev.dac.deploy;

import dev.dac.rule.ExceptionList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes exception lists to Kibana before the rules that reference them, through Kibana's exception list API: the
 * container ({@code POST}/{@code PUT /api/exception_lists}), then each item ({@code POST}/{@code PUT}/{@code DELETE
 * /api/exception_lists/items}). A list counts as written only when Kibana's answers account for the container and
 * every item (the answer names it, or reading it back shows it stored as sent); otherwise it is failed and the rules
 * that reference it are not sent. When Kibana stops answering, the list in flight is unknown and nothing more is sent.
 */
public final class ExceptionListDeployer {

    /** What happened to one list: its outcome, whether it failed, the detail, and the id Kibana holds for it. */
    public record ListResult(ExceptionList.Key key, String name, String outcome, boolean failed, String message,
            String kibanaId) {}

    private final KibanaClient client;

    public ExceptionListDeployer(KibanaClient client) {
        this.client = client;
    }

    /** Applies {@code plan}; the results name every list, and {@code stopped} when Kibana stopped answering. */
    public record Outcome(List<ListResult> results, String stopped) {
        public Outcome {
            results = List.copyOf(results);
        }
    }

    public Outcome apply(ExceptionListPlan plan) {
        List<ListResult> results = new ArrayList<>();
        String stopped = null;
        for (ExceptionListPlan.ListEntry entry : plan.lists()) {
            if (stopped != null) {
                results.add(new ListResult(entry.key(), entry.name(), "not sent", true, "dac stopped sending: "
                        + stopped, entry.kibanaId()));
                continue;
            }
            try {
                results.add(apply(entry));
            } catch (DeployException e) {
                stopped = e.getMessage();
                results.add(new ListResult(entry.key(), entry.name(), "unknown", true, "Kibana did not confirm it ("
                        + stopped + "); run dac plan to see what Kibana holds", entry.kibanaId()));
            }
        }
        return new Outcome(results, stopped);
    }

    private ListResult apply(ExceptionListPlan.ListEntry entry) throws DeployException {
        String id = entry.kibanaId();
        String listOutcome = "unchanged";
        switch (entry.action()) {
            case CREATE -> {
                KibanaClient.KibanaResponse response = client.send("POST", "/api/exception_lists", entry.body());
                if (response.ok() && confirmsList(response, entry)) {
                    id = response.json().path("id").asString();
                } else if (response.status() == 409 || response.ok()) {
                    // an earlier attempt may have stored it, or the answer is not the list: what does Kibana hold?
                    id = readBackList(entry, "Kibana answered " + response.status() + ": " + response.message());
                    if (id == null) {
                        return failed(entry, "Kibana did not create it (" + response.status() + "): "
                                + response.message());
                    }
                } else {
                    return failed(entry, "Kibana rejected it (" + response.status() + "): " + response.message());
                }
                listOutcome = "created";
            }
            case UPDATE -> {
                KibanaClient.KibanaResponse response = client.send("PUT", "/api/exception_lists", entry.body());
                if (!(response.ok() && confirmsList(response, entry))
                        && readBackList(entry, "update answered " + response.status()) == null) {
                    return failed(entry, "Kibana did not update it (" + response.status() + "): "
                            + response.message());
                }
                listOutcome = "updated";
            }
            default -> { }
        }
        int created = 0;
        int updated = 0;
        int deleted = 0;
        int kept = 0;
        for (ExceptionListPlan.ItemEntry item : entry.items()) {
            String problem = switch (item.action()) {
                case CREATE -> writeItem("POST", item, item.body());
                case UPDATE -> writeItem("PUT", item, withKibanaComments(item));
                case DELETE -> deleteItem(entry.key(), item);
                default -> null;
            };
            if (problem != null) {
                return new ListResult(entry.key(), entry.name(), "failed", true, "item '" + item.itemId() + "': "
                        + problem + (listOutcome.equals("unchanged") ? "" : " (the list itself was " + listOutcome
                        + ")"), id);
            }
            switch (item.action()) {
                case CREATE -> created++;
                case UPDATE -> updated++;
                case DELETE -> deleted++;
                case KEEP_REMOTE -> kept++;
                default -> { }
            }
        }
        String items = created + updated + deleted == 0 ? "items unchanged" : "items: " + created + " created, "
                + updated + " updated" + (deleted > 0 ? ", " + deleted + " deleted" : "");
        String note = kept == 0 ? null : kept + " item" + (kept == 1 ? "" : "s") + " only in Kibana left alone"
                + " (Kibana applies them, dac test does not; --prune deletes them)";
        return new ListResult(entry.key(), entry.name(), listOutcome + ", " + items, false, note, id);
    }

    private static ListResult failed(ExceptionListPlan.ListEntry entry, String message) {
        return new ListResult(entry.key(), entry.name(), "failed", true, message, entry.kibanaId());
    }

    private static boolean confirmsList(KibanaClient.KibanaResponse response, ExceptionListPlan.ListEntry entry) {
        return response.json().path("list_id").asString("").equals(entry.key().listId())
                && response.json().path("id").isString();
    }

    /** The id of the list if Kibana now holds it as sent, else null. */
    private String readBackList(ExceptionListPlan.ListEntry entry, String why) throws DeployException {
        KibanaClient.KibanaResponse stored = client.get("/api/exception_lists?"
                + ExceptionListPlanner.keyQuery(entry.key(), "list_id"));
        if (!stored.ok() || !(stored.json() instanceof ObjectNode object)
                || !ExceptionListPlanner.differences(object, entry.body(), ExceptionListPlanner.LIST_FIELDS).isEmpty()
                || !object.path("id").isString()) {
            return null;
        }
        return object.path("id").asString();
    }

    /** Null when Kibana's answer (or reading the item back) shows it stored as sent; else what went wrong. */
    private String writeItem(String method, ExceptionListPlan.ItemEntry item, ObjectNode body) throws DeployException {
        KibanaClient.KibanaResponse response = client.send(method, "/api/exception_lists/items", body);
        if (response.ok() && response.json().path("item_id").asString("").equals(item.itemId())) {
            return null;
        }
        String why = "Kibana answered " + response.status() + ": " + response.message();
        if (!response.ok() && response.status() != 409) {
            return "Kibana rejected it (" + response.status() + "): " + response.message();
        }
        KibanaClient.KibanaResponse stored = client.get("/api/exception_lists/items?item_id="
                + URLEncoder.encode(item.itemId(), StandardCharsets.UTF_8) + "&namespace_type="
                + body.path("namespace_type").asString(ExceptionList.DEFAULT_NAMESPACE));
        if (stored.ok() && stored.json() instanceof ObjectNode object && ExceptionListPlanner.differences(object, body,
                ExceptionListPlanner.ITEM_FIELDS).isEmpty()) {
            return null;
        }
        return why + "; reading it back " + (stored.status() == 404 ? "shows Kibana does not hold it"
                : "shows Kibana holds a different version of it");
    }

    private String deleteItem(ExceptionList.Key key, ExceptionListPlan.ItemEntry item) throws DeployException {
        String path = "/api/exception_lists/items?item_id=" + URLEncoder.encode(item.itemId(), StandardCharsets.UTF_8)
                + "&namespace_type=" + key.namespaceType();
        KibanaClient.KibanaResponse response = client.send("DELETE", path, null);
        if (response.ok() || client.get(path).status() == 404) {
            return null;
        }
        return "Kibana did not delete it (" + response.status() + "): " + response.message();
    }

    /**
     * The update body with Kibana's comments kept: Kibana keeps an item's comments (each with its id) and adds those
     * sent without one, so the repository's comments not yet in Kibana go after Kibana's own.
     */
    private static ObjectNode withKibanaComments(ExceptionListPlan.ItemEntry item) {
        ObjectNode body = item.body().deepCopy();
        ArrayNode comments = body.putArray("comments");
        List<String> existing = new ArrayList<>();
        item.kibana().path("comments").forEach(c -> {
            comments.addObject().put("id", c.path("id").asString("")).put("comment", c.path("comment").asString(""));
            existing.add(c.path("comment").asString(""));
        });
        item.body().path("comments").forEach(c -> {
            if (!existing.contains(c.path("comment").asString(""))) {
                comments.addObject().put("comment", c.path("comment").asString(""));
            }
        });
        return body;
    }
}
