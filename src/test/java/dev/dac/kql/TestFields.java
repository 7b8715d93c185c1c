package dev.dac.kql;

import dev.dac.fields.FieldMap;

import tools.jackson.databind.json.JsonMapper;

/** A small mapping with one field of each kind the translation and the evaluator tell apart. */
final class TestFields {

    private TestFields() {}

    static final FieldMap MAP = FieldMap.fromMapping(JsonMapper.builder().build().readTree("""
            {"properties": {
              "@timestamp": {"type": "date"},
              "event": {"properties": {"outcome": {"type": "keyword"}, "action": {"type": "keyword"}}},
              "message": {"type": "text"},
              "source": {"properties": {"ip": {"type": "ip"}, "port": {"type": "long"}}},
              "bytes": {"type": "long"},
              "ratio": {"type": "double"},
              "flag": {"type": "boolean"},
              "user": {"properties": {"name": {"type": "keyword", "fields": {"text": {"type": "text"}}}}},
              "tags": {"type": "keyword"},
              "items": {"type": "nested", "properties": {"name": {"type": "keyword"}, "count": {"type": "long"},
                        "parts": {"type": "nested", "properties": {"id": {"type": "keyword"}}}}}
            }}
            """));
}
