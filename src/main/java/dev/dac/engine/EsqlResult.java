package dev.dac.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The table an ES|QL query returns: named, typed columns and rows of values (JSON, as Elasticsearch sent them). */
public record EsqlResult(List<Column> columns, List<List<JsonNode>> values) {

    public record Column(String name, String type) {}

    public EsqlResult {
        columns = List.copyOf(columns);
        values = values.stream().map(List::copyOf).toList();
    }

    /** Each row as column name → value, in column order. */
    public List<Map<String, JsonNode>> rows() {
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (List<JsonNode> row : values) {
            Map<String, JsonNode> named = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                named.put(columns.get(i).name(), row.get(i));
            }
            rows.add(named);
        }
        return rows;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
