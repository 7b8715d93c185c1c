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

    static final int PER_PAGE = 100;

    /** 100,000 rules: far beyond any real space, and a bound on a Kibana whose pages never end. */
    static final int MAX_PAGES = 1_000;

    /**
     * Every rule in the space, by rule_id, read page by page through _find: as many pages as the first page's
     * {@code total} needs, and never more than {@link #MAX_PAGES}. A page that is not Kibana's shape, a total that
     * changes, or pages that do not hold exactly {@code total} distinct rules end it with an error: a plan built on
     * a wrong list would create or delete the wrong rules.
     */
    public static Map<String, ObjectNode> remoteRules(KibanaClient client) throws DeployException {
        Map<String, ObjectNode> rules = new LinkedHashMap<>();
        int total = 0;
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            KibanaClient.KibanaResponse response = client.get("/api/detection_engine/rules/_find?page=" + page
                    + "&per_page=" + PER_PAGE + "&sort_field=name&sort_order=asc");
            if (!response.ok()) {
                throw new DeployException("Kibana could not list the rules (" + response.status() + "): "
                        + response.message());
            }
            ObjectNode body = response.object();
            String where = "Kibana's rule list (_find page " + page + ")";
            JsonNode pageTotal = body.path("total");
            if (!pageTotal.isIntegralNumber() || pageTotal.asLong() < 0) {
                throw new DeployException(where + " has no rule count: 'total' is " + shape(pageTotal)
                        + " where Kibana sends a whole number");
            }
            if (page == 1) {
                if (pageTotal.asLong() > (long) MAX_PAGES * PER_PAGE) {
                    throw new DeployException(where + " says the space holds " + pageTotal.asLong() + " rules; dac"
                            + " reads at most " + MAX_PAGES * PER_PAGE + " and will not page through more");
                }
                total = pageTotal.asInt();
                pages = Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
            } else if (pageTotal.asLong() != total) {
                throw new DeployException(where + " says " + pageTotal.asLong() + " rules where page 1 said "
                        + total + ": the rules changed while dac read them; run dac again");
            }
            JsonNode data = body.path("data");
            if (!data.isArray()) {
                throw new DeployException(where + " has " + shape(data) + " in 'data' where Kibana sends a list of"
                        + " rules");
            }
            for (int i = 0; i < data.size(); i++) {
                JsonNode rule = data.get(i);
                if (!(rule instanceof ObjectNode object)) {
                    throw new DeployException(where + " holds " + shape(rule) + " in data[" + i + "] where a rule"
                            + " object belongs");
                }
                JsonNode ruleId = object.path("rule_id");
                if (!ruleId.isString() || ruleId.asString().isBlank()) {
                    throw new DeployException(where + " holds a rule whose data[" + i + "].rule_id is "
                            + shape(ruleId) + " where Kibana sends the rule's id");
                }
                if (rules.put(ruleId.asString(), object) != null) {
                    throw new DeployException(where + " lists rule " + ruleId.asString() + " a second time: the"
                            + " rules changed while dac read them, or Kibana's paging is broken; run dac again");
                }
            }
        }
        if (rules.size() != total) {
            throw new DeployException("Kibana said the space holds " + total + " rules but its " + pages + " page"
                    + (pages == 1 ? "" : "s") + " of _find held " + rules.size() + ": the rules changed while dac"
                    + " read them, or Kibana's paging is broken; run dac again");
        }
        return rules;
    }

    /** What a JSON value is, for messages. */
    static String shape(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isString()) {
            String text = value.asString();
            return "a string ('" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "')";
        }
        return value.isObject() ? "an object" : value.isArray() ? "a list" : value.isNull() ? "null"
                : value.isBoolean() ? "a boolean" : "the number " + value;
    }

    public DeploymentPlan plan(List<RuleFile> local, Map<String, ObjectNode> remote, boolean prune) {
        return plan(local, remote, prune, Map.of());
    }

    /**
     * The plan with each rule's exceptions_list naming the lists by the ids Kibana holds for them ({@code listIds},
     * by list_id and namespace_type), as the bodies sent will.
     */
    public DeploymentPlan plan(List<RuleFile> local, Map<String, ObjectNode> remote, boolean prune,
            Map<dev.dac.rule.ExceptionList.Key, String> listIds) {
        List<DeploymentPlan.Entry> entries = new ArrayList<>();
        for (RuleFile file : local) {
            ObjectNode body = converter.toApi(file);
            ExceptionListIds.rewrite(body, listIds);
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
}
