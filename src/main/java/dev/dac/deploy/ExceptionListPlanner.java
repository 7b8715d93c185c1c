package dev.dac.deploy;

import dev.dac.rule.ExceptionItem;
import dev.dac.rule.ExceptionList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares the repository's exception lists with Kibana's, through Kibana's exception list API (2023-10-31): each
 * list read by list_id and namespace_type ({@code GET /api/exception_lists}), its items through
 * {@code GET /api/exception_lists/items/_find}, page by page. Answers that are not Kibana's shape end the plan with an
 * error: a plan built on a wrong list would create or overwrite the wrong items.
 */
public final class ExceptionListPlanner {

    static final int PER_PAGE = 100;
    /** 100,000 items in one list: beyond any real list, and a bound on a Kibana whose pages never end. */
    static final int MAX_PAGES = 1_000;

    /** The container fields Kibana keeps as written, compared for a plan. */
    static final List<String> LIST_FIELDS = List.of("name", "description", "type", "os_types", "tags", "meta");
    /** The item fields Kibana keeps as written, compared for a plan (comments by their text). */
    static final List<String> ITEM_FIELDS = List.of("name", "description", "type", "entries", "os_types", "tags",
            "meta", "expire_time", "comments");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public ExceptionListPlan plan(List<ExceptionList> local, KibanaClient client, boolean prune)
            throws DeployException {
        List<ExceptionListPlan.ListEntry> entries = new ArrayList<>();
        for (ExceptionList list : local) {
            ObjectNode body = listBody(list);
            KibanaClient.KibanaResponse read = client.get("/api/exception_lists?" + keyQuery(list.key(), "list_id"));
            if (read.status() == 404) {
                List<ExceptionListPlan.ItemEntry> items = new ArrayList<>();
                for (ExceptionItem item : list.items()) {
                    items.add(new ExceptionListPlan.ItemEntry(item.itemId(), item.name(), ExceptionListPlan.Action.CREATE,
                            List.of(), itemBody(item, list), null));
                }
                entries.add(new ExceptionListPlan.ListEntry(list.key(), list.name(), ExceptionListPlan.Action.CREATE,
                        List.of(), body, null, items));
                continue;
            }
            if (!read.ok()) {
                throw new DeployException("Kibana could not read exception list " + list.key() + " ("
                        + read.status() + "): " + read.message());
            }
            ObjectNode remote = read.object();
            JsonNode id = remote.path("id");
            if (!remote.path("list_id").asString("").equals(list.listId()) || !id.isString()) {
                throw new DeployException("Kibana answered the read of exception list " + list.key() + " with "
                        + read.describeBody() + ", not that list");
            }
            List<String> changed = differences(remote, body, LIST_FIELDS);
            entries.add(new ExceptionListPlan.ListEntry(list.key(), list.name(), changed.isEmpty()
                    ? ExceptionListPlan.Action.UNCHANGED : ExceptionListPlan.Action.UPDATE, changed, body,
                    id.asString(), itemEntries(list, remoteItems(client, list.key()), prune)));
        }
        return new ExceptionListPlan(entries, prune);
    }

    private static List<ExceptionListPlan.ItemEntry> itemEntries(ExceptionList list, Map<String, ObjectNode> remote,
            boolean prune) {
        List<ExceptionListPlan.ItemEntry> items = new ArrayList<>();
        for (ExceptionItem item : list.items()) {
            ObjectNode body = itemBody(item, list);
            ObjectNode existing = remote.get(item.itemId());
            if (existing == null) {
                items.add(new ExceptionListPlan.ItemEntry(item.itemId(), item.name(), ExceptionListPlan.Action.CREATE,
                        List.of(), body, null));
            } else {
                List<String> changed = differences(existing, body, ITEM_FIELDS);
                items.add(new ExceptionListPlan.ItemEntry(item.itemId(), item.name(), changed.isEmpty()
                        ? ExceptionListPlan.Action.UNCHANGED : ExceptionListPlan.Action.UPDATE, changed, body,
                        existing));
            }
        }
        remote.forEach((itemId, existing) -> {
            if (list.items().stream().noneMatch(i -> i.itemId().equals(itemId))) {
                items.add(new ExceptionListPlan.ItemEntry(itemId, existing.path("name").asString(""), prune
                        ? ExceptionListPlan.Action.DELETE : ExceptionListPlan.Action.KEEP_REMOTE, List.of(), null,
                        existing));
            }
        });
        return items;
    }

    /** Every item of the list in Kibana, by item_id, read page by page as far as the first page's total says. */
    static Map<String, ObjectNode> remoteItems(KibanaClient client, ExceptionList.Key key) throws DeployException {
        Map<String, ObjectNode> items = new LinkedHashMap<>();
        long total = 0;
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            KibanaClient.KibanaResponse response = client.get("/api/exception_lists/items/_find?"
                    + keyQuery(key, "list_id") + "&page=" + page + "&per_page=" + PER_PAGE
                    + "&sort_field=item_id&sort_order=asc");
            String where = "Kibana's item list of exception list " + key + " (page " + page + ")";
            if (!response.ok()) {
                throw new DeployException("Kibana could not list the items of exception list " + key + " ("
                        + response.status() + "): " + response.message());
            }
            ObjectNode body = response.object();
            JsonNode pageTotal = body.path("total");
            if (!pageTotal.isIntegralNumber() || pageTotal.asLong() < 0) {
                throw new DeployException(where + " has no item count: 'total' is " + Planner.shape(pageTotal));
            }
            if (page == 1) {
                total = pageTotal.asLong();
                if (total > (long) MAX_PAGES * PER_PAGE) {
                    throw new DeployException(where + " says the list holds " + total + " items; dac reads at most "
                            + MAX_PAGES * PER_PAGE);
                }
                pages = (int) Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
            } else if (pageTotal.asLong() != total) {
                throw new DeployException(where + " says " + pageTotal.asLong() + " items where page 1 said " + total
                        + ": the list changed while dac read it; run dac again");
            }
            JsonNode data = body.path("data");
            if (!data.isArray()) {
                throw new DeployException(where + " has " + Planner.shape(data) + " in 'data' where Kibana sends a"
                        + " list of items");
            }
            for (JsonNode item : data) {
                if (!(item instanceof ObjectNode object) || !object.path("item_id").isString()) {
                    throw new DeployException(where + " holds " + Planner.shape(item) + " where an item with an"
                            + " item_id belongs");
                }
                if (items.put(object.path("item_id").asString(), object) != null) {
                    throw new DeployException(where + " lists item " + object.path("item_id").asString() + " twice;"
                            + " run dac again");
                }
            }
        }
        if (items.size() != total) {
            throw new DeployException("Kibana said exception list " + key + " holds " + total + " items but its pages"
                    + " held " + items.size() + "; run dac again");
        }
        return items;
    }

    /** {@code list_id=...&namespace_type=...} (the id parameter named {@code idParameter}). */
    static String keyQuery(ExceptionList.Key key, String idParameter) {
        return idParameter + "=" + URLEncoder.encode(key.listId(), StandardCharsets.UTF_8) + "&namespace_type="
                + key.namespaceType();
    }

    /** The container as Kibana's create and update calls take it, namespace_type written out. */
    static ObjectNode listBody(ExceptionList list) {
        ObjectNode body = ((ObjectNode) list.container()).deepCopy();
        body.put("namespace_type", list.namespaceType());
        return body;
    }

    /** The item as Kibana's create and update calls take it, namespace_type written out. */
    static ObjectNode itemBody(ExceptionItem item, ExceptionList list) {
        ObjectNode body = ((ObjectNode) item.document()).deepCopy();
        body.put("namespace_type", list.namespaceType());
        return body;
    }

    /** The fields of {@code wanted} (among {@code fields}) Kibana's copy does not hold the same. */
    static List<String> differences(ObjectNode kibana, ObjectNode wanted, List<String> fields) {
        List<String> changed = new ArrayList<>();
        for (String field : fields) {
            if (!comparable(field, kibana.get(field)).equals(comparable(field, wanted.get(field)))) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** A field as Kibana keeps it: absent lists empty, comments by their text, expire_time as an instant. */
    private static JsonNode comparable(String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return switch (field) {
                case "os_types", "tags", "comments" -> JSON.arrayNode();
                case "meta" -> JSON.objectNode();
                default -> JSON.nullNode();
            };
        }
        if (field.equals("comments") && value.isArray()) {
            var texts = JSON.arrayNode();
            value.forEach(c -> texts.add(c.path("comment").asString("")));
            return texts;
        }
        if (field.equals("expire_time") && value.isString()) {
            try {
                Instant at = OffsetDateTime.parse(value.asString()).toInstant();
                return JSON.stringNode(at.toString());
            } catch (java.time.format.DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }
}
