package dev.dac.engine;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.esql.query.EsqlFormat;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Runs ES|QL queries through Elasticsearch's {@code _query} API, optionally under a Query DSL filter. */
public final class EsqlExecutor {

    private final ElasticsearchClient client;
    private final ObjectMapper json = JsonMapper.builder().build();

    public EsqlExecutor(ElasticsearchClient client) {
        this.client = client;
    }

    public EsqlResult run(String query) throws EsqlQueryException, IOException {
        return run(query, null);
    }

    /** Runs {@code query}; {@code filter}, when given, limits the documents its FROM reads (as Kibana's time range). */
    public EsqlResult run(String query, Query filter) throws EsqlQueryException, IOException {
        try (BinaryResponse response = client.esql().query(q -> {
            q.query(query).format(EsqlFormat.Json).columnar(false);
            if (filter != null) {
                q.filter(filter);
            }
            return q;
        })) {
            try (InputStream in = response.content()) {
                return parse(json.readTree(in));
            }
        } catch (ElasticsearchException e) {
            String reason = e.error() != null && e.error().reason() != null ? e.error().reason() : e.getMessage();
            throw new EsqlQueryException(e.status(), reason);
        }
    }

    private static EsqlResult parse(JsonNode body) {
        List<EsqlResult.Column> columns = new ArrayList<>();
        for (JsonNode column : body.path("columns")) {
            columns.add(new EsqlResult.Column(column.path("name").asString(), column.path("type").asString()));
        }
        List<List<JsonNode>> values = new ArrayList<>();
        for (JsonNode row : body.path("values")) {
            List<JsonNode> cells = new ArrayList<>();
            row.forEach(cells::add);
            values.add(cells);
        }
        return new EsqlResult(columns, values);
    }
}
