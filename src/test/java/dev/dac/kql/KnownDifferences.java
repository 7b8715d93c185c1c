package dev.dac.kql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where Elasticsearch's own {@code kql} query (8.19) and Kibana's kuery translation differ, with the reason. Found by
 * the differential test on the local node; it skips these in its agreement check and proves each example differs.
 */
final class KnownDifferences {

    private KnownDifferences() {}

    static final String VALUE_LISTS = "Elasticsearch's kql query does not accept value lists such as field: (a or b);"
            + " it answers 400 (\"missing ')' at 'or'\"), where Kibana expands them to one clause per value";
    static final String AND_BEFORE_OR = "without parentheses Elasticsearch's kql query reads 'A and B or C' as"
            + " 'A and (B or C)', where Kibana gives AND precedence: '(A and B) or C'";

    /** Example queries over the CloudTrail corpus, each with why the two differ. */
    static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("user.name: (Bob or alice)", VALUE_LISTS);
        EXAMPLES.put("event.outcome: (success or failure) and source.ip: *", VALUE_LISTS);
        EXAMPLES.put("source.ip: 10.0.0.5 and aws.cloudtrail.read_only: true or cloud.region: us-east-1",
                AND_BEFORE_OR);
        EXAMPLES.put("event.action: ListBuckets and cloud.region: eu-west-1 or event.outcome: failure",
                AND_BEFORE_OR);
    }

    /** Why Elasticsearch's kql query answers {@code query} differently, if it does. */
    static Optional<String> reason(String query) {
        if (query.matches("(?s).*:\\s*\\(.*")) {
            return Optional.of(VALUE_LISTS);
        }
        if (andBeforeOrAtOneLevel(query)) {
            return Optional.of(AND_BEFORE_OR);
        }
        return Optional.empty();
    }

    /** True when, inside one pair of parentheses (or at top level), an 'and' comes before an 'or'. */
    private static boolean andBeforeOrAtOneLevel(String query) {
        String lower = query.toLowerCase(java.util.Locale.ROOT);
        java.util.Deque<Boolean> sawAnd = new java.util.ArrayDeque<>();
        sawAnd.push(false);
        boolean quoted = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '(') {
                sawAnd.push(false);
            } else if (c == ')') {
                sawAnd.pop();
            } else if (lower.startsWith(" and ", i)) {
                sawAnd.pop();
                sawAnd.push(true);
            } else if (lower.startsWith(" or ", i) && sawAnd.peek()) {
                return true;
            }
        }
        return false;
    }
}
