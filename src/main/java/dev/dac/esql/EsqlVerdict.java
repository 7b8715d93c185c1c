package dev.dac.esql;

import java.util.List;

/** What Elasticsearch said about one ES|QL query run with {@code LIMIT 0}. */
public sealed interface EsqlVerdict {

    /** One output column, as Elasticsearch names and types it. */
    record Column(String name, String type) {}

    /** The query parsed and resolved: the columns it returns. */
    record Verified(List<Column> columns) implements EsqlVerdict {
        public Verified {
            columns = List.copyOf(columns);
        }
    }

    /** Elasticsearch refused the query, for these problems. */
    record Refused(List<EsqlProblem> problems) implements EsqlVerdict {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    /** The request failed for another reason than the query (a timeout, a server error): nothing was learned. */
    record Failed(String reason) implements EsqlVerdict {}
}
