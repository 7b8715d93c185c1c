package dev.dac.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exception list part of the Kibana stand-in: Kibana's exception list API (2023-10-31) for lists and their items,
 * with the validation Kibana does (required fields, known types and operators, 409 on an existing list_id or item_id,
 * 404 on an unknown list or item) and Kibana's response shapes. Lists of namespace_type single belong to a space,
 * agnostic lists to all spaces.
 */
final class ExceptionListsStandIn {

    /** A Kibana answer: status and JSON body. */
    record Answer(int status, JsonNode body) {}

    private static final Set<String> LIST_TYPES = Set.of("detection", "rule_default", "endpoint",
            "endpoint_trusted_apps", "endpoint_events", "endpoint_host_isolation_exceptions", "endpoint_blocklists");
    private static final Set<String> ENTRY_TYPES = Set.of("match", "match_any", "exists", "wildcard", "list",
            "nested");

    private final JsonMapper json = JsonMapper.builder().build();
    /** Lists by space ("" for agnostic) and list_id. */
    private final Map<String, Map<String, ObjectNode>> lists = new ConcurrentHashMap<>();
    /** Items by space ("" for agnostic) and item_id. */
    private final Map<String, Map<String, ObjectNode>> items = new ConcurrentHashMap<>();
    private volatile String failItemsWith;
    private final Map<String, Answer> fixedAnswers = new ConcurrentHashMap<>();

    /** From now on every item write is refused with a 500 whose message is {@code message}: a failing server. */
    void failItemWrites(String message) {
        failItemsWith = message;
    }

    /**
     * From now on every {@code request} ("GET /api/exception_lists/items/_find", say) is answered with {@code status}
     * and {@code body}: a failing or hostile server (a null body ends that).
     */
    void answerWith(String request, int status, JsonNode body) {
        if (body == null) {
            fixedAnswers.remove(request);
        } else {
            fixedAnswers.put(request, new Answer(status, body));
        }
    }

    /** Creates a list and its items through the API, as a Kibana user would; an answer other than 200 is a failure. */
    void create(String space, ObjectNode container, List<ObjectNode> listItems) {
        Answer list = createList(container, space);
        if (list.status() != 200) {
            throw new IllegalStateException("the stand-in refused list " + container + ": " + list.body());
        }
        for (ObjectNode item : listItems) {
            Answer created = createItem(item, space);
            if (created.status() != 200) {
                throw new IllegalStateException("the stand-in refused item " + item + ": " + created.body());
            }
        }
    }

    /** The list {@code listId} of {@code space} (single namespace), or null. */
    ObjectNode list(String space, String listId) {
        return lists.getOrDefault(space, Map.of()).get(listId);
    }

    /** The items of list {@code listId} in {@code space} (single namespace), by item_id. */
    List<ObjectNode> items(String space, String listId) {
        return items.getOrDefault(space, Map.of()).values().stream()
                .filter(i -> i.path("list_id").asString().equals(listId)).toList();
    }

    /**
     * What Kibana's rule import does with a rule's exceptions_list: each reference to a list the space has gets that
     * list's id; one to a list it does not have is removed, and its message returned.
     */
    List<String> fixReferences(ObjectNode rule, String space) {
        List<String> errors = new ArrayList<>();
        JsonNode references = rule.path("exceptions_list");
        if (!references.isArray()) {
            return errors;
        }
        var kept = json.createArrayNode();
        for (JsonNode reference : references) {
            ObjectNode list = namespace(lists, reference.path("namespace_type").asString("single"), space)
                    .get(reference.path("list_id").asString(""));
            if (list == null) {
                errors.add("Rule with rule_id: \"" + rule.path("rule_id").asString() + "\" references a non existent"
                        + " exception list of list_id: \"" + reference.path("list_id").asString("")
                        + "\". Reference has been removed.");
            } else {
                kept.add(((ObjectNode) reference).deepCopy().put("id", list.path("id").asString()));
            }
        }
        rule.set("exceptions_list", kept);
        return errors;
    }

    /** The answer to an exception list request, or null when {@code path} is not one. */
    Answer handle(String method, String path, Map<String, String> query, String body, String space) {
        if (fixedAnswers.containsKey(method + " " + path)) {
            return fixedAnswers.get(method + " " + path);
        }
        try {
            return switch (method + " " + path) {
                case "POST /api/exception_lists" -> createList(object(body), space);
                case "PUT /api/exception_lists" -> updateList(object(body), space);
                case "GET /api/exception_lists" -> readList(query, space);
                case "POST /api/exception_lists/items" -> createItem(object(body), space);
                case "PUT /api/exception_lists/items" -> updateItem(object(body), space);
                case "GET /api/exception_lists/items" -> readItem(query, space);
                case "DELETE /api/exception_lists/items" -> deleteItem(query, space);
                case "GET /api/exception_lists/items/_find" -> findItems(query, space);
                default -> null;
            };
        } catch (RuntimeException e) {
            return new Answer(400, error(400, "Invalid request payload JSON format"));
        }
    }

    private Answer createList(ObjectNode body, String space) {
        String missing = missing(body, "name", "description", "type");
        if (missing != null) {
            return bad("[request body]: " + missing + ": Required");
        }
        if (!LIST_TYPES.contains(body.path("type").asString())) {
            return bad("[request body]: type: Invalid enum value, received '" + body.path("type").asString() + "'");
        }
        Map<String, ObjectNode> byId = namespace(lists, body, space);
        String listId = body.path("list_id").asString(UUID.randomUUID().toString());
        if (byId.containsKey(listId)) {
            return new Answer(409, error(409, "exception list id: \"" + listId + "\" already exists"));
        }
        ObjectNode stored = stamp(body.deepCopy(), null);
        stored.put("list_id", listId);
        stored.put("namespace_type", body.path("namespace_type").asString("single"));
        stored.put("immutable", false);
        stored.put("version", 1);
        defaults(stored, "tags", "os_types");
        byId.put(listId, stored);
        return new Answer(200, stored);
    }

    private Answer updateList(ObjectNode body, String space) {
        String missing = missing(body, "name", "description", "type");
        if (missing != null) {
            return bad("[request body]: " + missing + ": Required");
        }
        Map<String, ObjectNode> byId = namespace(lists, body, space);
        ObjectNode existing = byId.get(body.path("list_id").asString(""));
        if (existing == null) {
            return notFound("exception list list_id: \"" + body.path("list_id").asString("") + "\" does not exist");
        }
        ObjectNode stored = stamp(body.deepCopy(), existing);
        stored.put("immutable", false);
        stored.put("version", existing.path("version").asInt() + 1);
        defaults(stored, "tags", "os_types");
        byId.put(stored.path("list_id").asString(), stored);
        return new Answer(200, stored);
    }

    private Answer readList(Map<String, String> query, String space) {
        ObjectNode list = namespace(lists, query.get("namespace_type"), space).get(query.getOrDefault("list_id", ""));
        return list == null ? notFound("exception list list_id: \"" + query.get("list_id") + "\" does not exist")
                : new Answer(200, list);
    }

    private Answer createItem(ObjectNode body, String space) {
        String problem = itemProblem(body);
        if (problem != null) {
            return bad(problem);
        }
        if (failItemsWith != null) {
            return new Answer(500, error(500, failItemsWith));
        }
        String listId = body.path("list_id").asString("");
        if (!namespace(lists, body, space).containsKey(listId)) {
            return notFound("exception list id: \"" + listId + "\" does not exist");
        }
        Map<String, ObjectNode> byId = namespace(items, body, space);
        String itemId = body.path("item_id").asString(UUID.randomUUID().toString());
        if (byId.containsKey(itemId)) {
            return new Answer(409, error(409, "exception list item id: \"" + itemId + "\" already exists"));
        }
        ObjectNode stored = stamp(body.deepCopy(), null);
        stored.put("item_id", itemId);
        stored.put("namespace_type", body.path("namespace_type").asString("single"));
        stored.set("comments", comments(body, null));
        defaults(stored, "tags", "os_types");
        byId.put(itemId, stored);
        return new Answer(200, stored);
    }

    private Answer updateItem(ObjectNode body, String space) {
        String problem = itemProblem(body);
        if (problem != null) {
            return bad(problem);
        }
        if (failItemsWith != null) {
            return new Answer(500, error(500, failItemsWith));
        }
        Map<String, ObjectNode> byId = namespace(items, body, space);
        ObjectNode existing = byId.get(body.path("item_id").asString(""));
        if (existing == null) {
            return notFound("exception list item item_id: \"" + body.path("item_id").asString("")
                    + "\" does not exist");
        }
        // as Kibana: comments already on the item must be sent back with their ids, never dropped
        for (JsonNode comment : existing.path("comments")) {
            boolean kept = false;
            for (JsonNode sent : body.path("comments")) {
                kept |= sent.path("id").asString("").equals(comment.path("id").asString());
            }
            if (!kept) {
                return bad("item \"" + existing.path("item_id").asString() + "\" does not contain comment \""
                        + comment.path("id").asString() + "\"; existing comments cannot be removed");
            }
        }
        ObjectNode stored = stamp(body.deepCopy(), existing);
        stored.put("list_id", existing.path("list_id").asString());
        stored.set("comments", comments(body, existing));
        defaults(stored, "tags", "os_types");
        byId.put(stored.path("item_id").asString(), stored);
        return new Answer(200, stored);
    }

    private Answer readItem(Map<String, String> query, String space) {
        ObjectNode item = namespace(items, query.get("namespace_type"), space).get(query.getOrDefault("item_id", ""));
        return item == null ? notFound("exception list item item_id: \"" + query.get("item_id") + "\" does not exist")
                : new Answer(200, item);
    }

    private Answer deleteItem(Map<String, String> query, String space) {
        ObjectNode item = namespace(items, query.get("namespace_type"), space)
                .remove(query.getOrDefault("item_id", ""));
        return item == null ? notFound("exception list item item_id: \"" + query.get("item_id") + "\" does not exist")
                : new Answer(200, item);
    }

    private Answer findItems(Map<String, String> query, String space) {
        String listId = query.getOrDefault("list_id", "");
        if (!namespace(lists, query.get("namespace_type"), space).containsKey(listId)) {
            return notFound("exception list list_id: \"" + listId + "\" does not exist");
        }
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "20"));
        List<ObjectNode> all = new ArrayList<>(namespace(items, query.get("namespace_type"), space).values().stream()
                .filter(i -> i.path("list_id").asString().equals(listId)).toList());
        all.sort(Comparator.comparing(i -> i.path("item_id").asString()));
        ObjectNode answer = json.createObjectNode();
        var data = answer.putArray("data");
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(data::add);
        answer.put("page", page).put("per_page", perPage).put("total", all.size());
        return new Answer(200, answer);
    }

    /** Kibana's checks of an item body: required fields, type simple, entries of known types with operators. */
    private static String itemProblem(ObjectNode body) {
        String missing = missing(body, "list_id", "name", "description", "type", "entries");
        if (missing != null) {
            return "[request body]: " + missing + ": Required";
        }
        if (!body.path("type").asString().equals("simple")) {
            return "[request body]: type: Invalid literal value, expected \"simple\"";
        }
        if (!body.path("entries").isArray() || body.path("entries").isEmpty()) {
            return "[request body]: entries: Array must contain at least 1 element(s)";
        }
        for (JsonNode entry : body.path("entries")) {
            if (!ENTRY_TYPES.contains(entry.path("type").asString()) || !entry.path("field").isString()) {
                return "[request body]: entries: Invalid input";
            }
            if (!entry.path("type").asString().equals("nested")
                    && !Set.of("included", "excluded").contains(entry.path("operator").asString())) {
                return "[request body]: entries.operator: Invalid enum value";
            }
        }
        return null;
    }

    private static String missing(ObjectNode body, String... fields) {
        for (String field : fields) {
            if (!body.has(field) || body.get(field).isNull()) {
                return field;
            }
        }
        return null;
    }

    private Map<String, ObjectNode> namespace(Map<String, Map<String, ObjectNode>> store, ObjectNode body,
            String space) {
        return namespace(store, body.path("namespace_type").asString("single"), space);
    }

    private static Map<String, ObjectNode> namespace(Map<String, Map<String, ObjectNode>> store, String namespace,
            String space) {
        String key = "agnostic".equals(namespace) ? "" : space;
        return store.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }

    private ObjectNode stamp(ObjectNode stored, ObjectNode existing) {
        String now = Instant.now().toString();
        stored.put("id", existing == null ? UUID.randomUUID().toString() : existing.path("id").asString());
        stored.put("tie_breaker_id", UUID.randomUUID().toString());
        stored.put("created_at", existing == null ? now : existing.path("created_at").asString());
        stored.put("created_by", "elastic");
        stored.put("updated_at", now);
        stored.put("updated_by", "elastic");
        stored.put("_version", "WzEsMV0=");
        return stored;
    }

    /** Comments as Kibana keeps them: those sent with an id kept, those without one added with a new id. */
    private tools.jackson.databind.node.ArrayNode comments(ObjectNode body, ObjectNode existing) {
        var comments = json.createArrayNode();
        for (JsonNode comment : body.path("comments")) {
            ObjectNode stored = comments.addObject();
            stored.put("id", comment.path("id").asString(UUID.randomUUID().toString()));
            stored.put("comment", comment.path("comment").asString());
            stored.put("created_at", Instant.now().toString()).put("created_by", "elastic");
        }
        return comments;
    }

    private static void defaults(ObjectNode stored, String... arrays) {
        for (String field : arrays) {
            if (!stored.has(field)) {
                stored.putArray(field);
            }
        }
    }

    private ObjectNode object(String body) {
        JsonNode node = json.readTree(body);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not an object");
        }
        return object;
    }

    private Answer bad(String message) {
        return new Answer(400, json.createObjectNode().put("statusCode", 400).put("error", "Bad Request")
                .put("message", message));
    }

    private Answer notFound(String message) {
        return new Answer(404, error(404, message));
    }

    private ObjectNode error(int status, String message) {
        return json.createObjectNode().put("status_code", status).put("message", message);
    }
}
