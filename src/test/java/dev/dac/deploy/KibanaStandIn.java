package dev.dac.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-process stand-in for Kibana's Detection Engine API (2023-10-31) for the deployer's tests. It keeps rules by
 * space, enforces what Kibana enforces (kbn-xsrf on writes, elastic-api-version, credentials, the request schema,
 * rule_id conflicts) with Kibana's status codes and response shapes, including partial import errors, and injects
 * faults on request: 429 and 5xx answers, slow and trickling answers (on the client's fake clock), dropped
 * connections and answers, redirects, answers that are not Kibana's (HTML, broken JSON, wrong shapes, miscounted
 * imports, endless pages) and error messages that echo the request's headers.
 */
final class KibanaStandIn implements AutoCloseable {

    /** One request as received, for assertions (headers included, so tests can check what was sent). */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final RuleRequestSchema schema = new RuleRequestSchema();
    private final Map<String, Map<String, ObjectNode>> spaces = new ConcurrentHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final String apiKey;
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final ExceptionListsStandIn exceptionLists = new ExceptionListsStandIn();
    private volatile long latencyMillis;
    private volatile String exportAnswer;

    /**
     * A fault for one request: it answers itself (true) or lets the request go on to the API (false), perhaps after
     * changing how the answer goes out.
     */
    @FunctionalInterface
    interface Fault {
        boolean apply(HttpExchange exchange, String body) throws IOException;
    }

    /** The clock of the client under test, which slow faults move on instead of waiting. */
    private volatile FakeClock clock = new FakeClock();
    /** When set, _find pages are answered with this text (by page number) instead of the rules. */
    private volatile java.util.function.IntFunction<String> findPages;
    /** When set, the JSON text of every _import answer is replaced by what this makes of it. */
    private volatile java.util.function.UnaryOperator<String> importAnswer;
    /** Set while an answer is to be dropped after the request took effect. */
    private final ThreadLocal<Boolean> dropAnswer = ThreadLocal.withInitial(() -> false);

    KibanaStandIn(String apiKey, Set<String> knownSpaces) throws IOException {
        this.apiKey = apiKey;
        knownSpaces.forEach(s -> spaces.put(s, new ConcurrentHashMap<>()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void clock(FakeClock clock) {
        this.clock = clock;
    }

    void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add((exchange, body) -> {
                exchange.getResponseHeaders().add("Retry-After", "0");
                respond(exchange, status, platformError(status, status == 429 ? "Too Many Requests"
                        : "Service Unavailable", "try again later"));
                return true;
            });
        }
    }

    /** The next request is answered only after {@code millis} on the client's clock. */
    void slowNext(long millis) {
        faults.add((exchange, body) -> {
            clock.advance(millis);
            return false;
        });
    }

    void dropNext() {
        faults.add((exchange, body) -> {
            exchange.close(); // no status line: the client sees the connection end
            return true;
        });
    }

    /** The next request takes effect, but its answer is lost with the connection. */
    void dropAnswerOfNext() {
        faults.add((exchange, body) -> {
            dropAnswer.set(true);
            return false;
        });
    }

    /** The next request is answered with {@code body} as {@code contentType}, and has no effect. */
    void answerNext(int status, String contentType, String body) {
        faults.add((exchange, request) -> {
            send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
            return true;
        });
    }

    /** The next request is redirected to {@code location}. */
    void redirectNext(int status, String location) {
        faults.add((exchange, body) -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return true;
        });
    }

    /** The next request gets a status line, then a body one byte at a time, each byte {@code millis} later. */
    void trickleNext(long millis) {
        faults.add((exchange, body) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] answer = "{\"page\":1,\"perPage\":100,\"total\":0,\"data\":[]}".getBytes(StandardCharsets.UTF_8);
            try (var out = exchange.getResponseBody()) {
                for (byte b : answer) {
                    clock.advance(millis);
                    out.write(b);
                    out.flush();
                }
            } catch (IOException clientGaveUp) {
                // what a client with a deadline does
            }
            return true;
        });
    }

    /** The next request fails with 400 and an error message that echoes its headers, as some proxies do. */
    void echoHeadersNext() {
        faults.add((exchange, body) -> {
            respond(exchange, 400, platformError(400, "Bad Request", "cannot handle request with headers "
                    + new java.util.TreeMap<>(exchange.getRequestHeaders())));
            return true;
        });
    }

    void findPages(java.util.function.IntFunction<String> pages) {
        this.findPages = pages;
    }

    void importAnswer(java.util.function.UnaryOperator<String> rewrite) {
        this.importAnswer = rewrite;
    }

    /** A rule kept in {@code space} as Kibana would keep it, as if written by someone else. */
    void put(String space, ObjectNode rule) {
        store(spaces.get(space), rule, null);
    }

    /** Every answer takes at least this long, like a Kibana across a network. */
    void latency(long millis) {
        latencyMillis = millis;
    }

    /** Kibana-side rejection of one rule (as for a missing data view), seen only as an import error. */
    void reject(String ruleId, String message) {
        rejections.put(ruleId, message);
    }

    /** From now on _export answers exactly {@code ndjson}, whatever the rules: hostile names, broken lines. */
    void answerExportWith(String ndjson) {
        exportAnswer = ndjson;
    }

    /** Kibana's exception lists and items, as the stand-in keeps them. */
    ExceptionListsStandIn exceptionLists() {
        return exceptionLists;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Map<String, ObjectNode> rules(String space) {
        return spaces.get(space);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (latencyMillis > 0) {
            sleep(latencyMillis);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Fault fault;
        synchronized (faults) {
            fault = faults.poll();
        }
        if (fault != null && fault.apply(exchange, body)) {
            return;
        }
        try {
            route(exchange, body);
        } catch (RuntimeException e) {
            respond(exchange, 500, platformError(500, "Internal Server Error", e.toString()));
        } finally {
            dropAnswer.set(false);
        }
    }

    private void route(HttpExchange exchange, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("ApiKey " + apiKey)) {
            respond(exchange, 401, platformError(401, "Unauthorized", "[security_exception]: missing authentication"
                    + " credentials for REST request"));
            return;
        }
        if (!method.equals("GET") && exchange.getRequestHeaders().getFirst("kbn-xsrf") == null) {
            respond(exchange, 400, platformError(400, "Bad Request", "Request must contain a kbn-xsrf header."));
            return;
        }
        String version = exchange.getRequestHeaders().getFirst("elastic-api-version");
        if (version != null && !version.equals("2023-10-31")) {
            respond(exchange, 400, platformError(400, "Bad Request", "Invalid version. Received \"" + version
                    + "\", expected \"2023-10-31\""));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String space = "default";
        if (path.startsWith("/s/")) {
            int end = path.indexOf('/', 3);
            space = path.substring(3, end);
            path = path.substring(end);
        }
        Map<String, ObjectNode> rules = spaces.get(space);
        if (rules == null) {
            respond(exchange, 404, platformError(404, "Not Found", "Saved object [space/" + space + "] not found"));
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.startsWith("/api/exception_lists")) {
            ExceptionListsStandIn.Answer answer = exceptionLists.handle(method, path, query, body, space);
            respond(exchange, answer == null ? 404 : answer.status(), answer == null
                    ? platformError(404, "Not Found", "Not Found") : answer.body());
            return;
        }
        switch (method + " " + path) {
            case "POST /api/detection_engine/rules" -> create(exchange, rules, body);
            case "PUT /api/detection_engine/rules" -> update(exchange, rules, body);
            case "GET /api/detection_engine/rules" -> read(exchange, rules, query.get("rule_id"));
            case "DELETE /api/detection_engine/rules" -> delete(exchange, rules, query.get("rule_id"));
            case "GET /api/detection_engine/rules/_find" -> find(exchange, rules, query);
            case "POST /api/detection_engine/rules/_export" -> export(exchange, rules);
            case "POST /api/detection_engine/rules/_import" -> importRules(exchange, rules, body,
                    "true".equals(query.get("overwrite")));
            default -> respond(exchange, 404, platformError(404, "Not Found", "Not Found"));
        }
    }

    private void create(HttpExchange exchange, Map<String, ObjectNode> rules, String body) throws IOException {
        ObjectNode rule = (ObjectNode) json.readTree(body);
        List<String> problems = schema.problems(rule);
        if (!problems.isEmpty()) {
            respond(exchange, 400, siemError(400, String.join(", ", problems)));
            return;
        }
        String ruleId = rule.path("rule_id").asString();
        if (rules.containsKey(ruleId)) {
            respond(exchange, 409, siemError(409, "rule_id: \"" + ruleId + "\" already exists"));
            return;
        }
        respond(exchange, 200, store(rules, rule, null));
    }

    private void update(HttpExchange exchange, Map<String, ObjectNode> rules, String body) throws IOException {
        ObjectNode rule = (ObjectNode) json.readTree(body);
        List<String> problems = schema.problems(rule);
        if (!problems.isEmpty()) {
            respond(exchange, 400, siemError(400, String.join(", ", problems)));
            return;
        }
        ObjectNode existing = rules.get(rule.path("rule_id").asString());
        if (existing == null) {
            respond(exchange, 404, siemError(404, "rule_id: \"" + rule.path("rule_id").asString() + "\" not found"));
            return;
        }
        respond(exchange, 200, store(rules, rule, existing));
    }

    /** Stores {@code rule} as Kibana would: with its own fields added, a PUT replacing every other field. */
    private ObjectNode store(Map<String, ObjectNode> rules, ObjectNode rule, ObjectNode existing) {
        ObjectNode stored = rule.deepCopy();
        String now = Instant.now().toString();
        stored.put("id", existing == null ? UUID.randomUUID().toString() : existing.path("id").asString());
        stored.put("created_at", existing == null ? now : existing.path("created_at").asString());
        stored.put("created_by", "elastic");
        stored.put("updated_at", now);
        stored.put("updated_by", "elastic");
        stored.put("revision", existing == null ? 0 : existing.path("revision").asInt() + 1);
        stored.put("immutable", false);
        stored.putObject("rule_source").put("type", "internal");
        RuleConverter.DEFAULTS.forEach((field, value) -> {
            if (!stored.has(field)) {
                stored.set(field, value.deepCopy());
            }
        });
        rules.put(rule.path("rule_id").asString(), stored);
        return stored;
    }

    private void read(HttpExchange exchange, Map<String, ObjectNode> rules, String ruleId) throws IOException {
        ObjectNode rule = ruleId == null ? null : rules.get(ruleId);
        if (rule == null) {
            respond(exchange, 404, siemError(404, "rule_id: \"" + ruleId + "\" not found"));
        } else {
            respond(exchange, 200, rule);
        }
    }

    private void delete(HttpExchange exchange, Map<String, ObjectNode> rules, String ruleId) throws IOException {
        ObjectNode rule = ruleId == null ? null : rules.remove(ruleId);
        if (rule == null) {
            respond(exchange, 404, siemError(404, "rule_id: \"" + ruleId + "\" not found"));
        } else {
            respond(exchange, 200, rule);
        }
    }

    private void find(HttpExchange exchange, Map<String, ObjectNode> rules, Map<String, String> query)
            throws IOException {
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        if (findPages != null) {
            send(exchange, 200, "application/json", findPages.apply(page).getBytes(StandardCharsets.UTF_8));
            return;
        }
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "20"));
        List<ObjectNode> sorted = rules.values().stream()
                .sorted(java.util.Comparator.comparing(r -> r.path("name").asString())).toList();
        ObjectNode response = json.createObjectNode();
        response.put("page", page);
        response.put("perPage", perPage);
        response.put("total", sorted.size());
        ArrayNode data = response.putArray("data");
        sorted.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(data::add);
        respond(exchange, 200, response);
    }

    private void export(HttpExchange exchange, Map<String, ObjectNode> rules) throws IOException {
        StringBuilder ndjson = new StringBuilder();
        rules.values().forEach(r -> ndjson.append(json.writeValueAsString(r)).append('\n'));
        String answer = exportAnswer;
        byte[] bytes = (answer != null ? answer : ndjson.toString()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/ndjson");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void importRules(HttpExchange exchange, Map<String, ObjectNode> rules, String body, boolean overwrite)
            throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String file = contentType == null || !contentType.startsWith("multipart/form-data") ? null
                : filePart(body, contentType);
        if (file == null) {
            respond(exchange, 400, platformError(400, "Bad Request", "[request body.file]: expected value of type"
                    + " [object] but got [undefined]"));
            return;
        }
        ArrayNode errors = json.createArrayNode();
        int count = 0;
        int success = 0;
        for (String line : file.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            count++;
            ObjectNode rule = (ObjectNode) json.readTree(line);
            String ruleId = rule.path("rule_id").asString();
            List<String> problems = schema.problems(rule);
            if (!problems.isEmpty()) {
                errors.add(importError(ruleId, 400, String.join(", ", problems)));
            } else if (rejections.containsKey(ruleId)) {
                errors.add(importError(ruleId, 400, rejections.get(ruleId)));
            } else if (rules.containsKey(ruleId) && !overwrite) {
                errors.add(importError(ruleId, 409, "rule_id: \"" + ruleId + "\" already exists"));
            } else {
                // as Kibana's import (check_rule_exception_references.ts): a reference to a list the space does not
                // have is removed with an error, one to a list it has gets that list's id
                exceptionLists.fixReferences(rule, space(exchange)).forEach(message ->
                        errors.add(importError(ruleId, 400, message)));
                store(rules, rule, rules.get(ruleId));
                success++;
            }
        }
        ObjectNode response = json.createObjectNode();
        response.put("success", errors.isEmpty());
        response.put("success_count", success);
        response.put("rules_count", count);
        response.set("errors", errors);
        response.put("exceptions_success", true);
        response.put("exceptions_success_count", 0);
        response.putArray("exceptions_errors");
        response.put("action_connectors_success", true);
        response.put("action_connectors_success_count", 0);
        response.putArray("action_connectors_errors");
        response.putArray("action_connectors_warnings");
        if (importAnswer != null) {
            send(exchange, 200, "application/json", importAnswer.apply(json.writeValueAsString(response))
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        respond(exchange, 200, response);
    }

    /** The content of the multipart part named "file", which must be an .ndjson file. */
    private static String filePart(String body, String contentType) {
        String boundary = "--" + contentType.replaceFirst(".*boundary=", "").replace("\"", "");
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            if (headers.contains("name=\"file\"") && headers.matches("(?s).*filename=\"[^\"]*\\.ndjson\".*")) {
                String content = part.substring(split + 4);
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
            }
        }
        return null;
    }

    private ObjectNode importError(String ruleId, int status, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("rule_id", ruleId);
        error.putObject("error").put("status_code", status).put("message", message);
        return error;
    }

    private ObjectNode siemError(int status, String message) {
        return json.createObjectNode().put("status_code", status).put("message", message);
    }

    private ObjectNode platformError(int status, String error, String message) {
        return json.createObjectNode().put("statusCode", status).put("error", error).put("message", message);
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        if (dropAnswer.get()) {
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The space a request is for ("default" without /s/...). */
    private static String space(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.startsWith("/s/") ? path.substring(3, path.indexOf('/', 3)) : "default";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
