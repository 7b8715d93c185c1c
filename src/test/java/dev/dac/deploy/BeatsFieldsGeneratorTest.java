package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BeatsFieldsGeneratorTest {

    @Test
    void flattensABeatItsModulesAndTheirDatasetsAsDetectionRulesDoes() {
        // a made-up Beat in the shape of detection-rules' beats_schemas: a Beat's own group, a module's own fields,
        // a dataset's fields under the module's name, a field without type (keyword), a nested field
        var schema = JsonMapper.builder().build().readTree("""
                {"samplebeat": {"folders": {
                  "_meta": {"files": {"fields.common.yml": [
                    {"key": "sample", "fields": [{"name": "sample", "type": "group", "fields": [
                      {"name": "id", "type": "long"}, {"name": "tag"}]}]}]}},
                  "module": {"folders": {"web": {"folders": {
                    "_meta": {"files": {"fields.yml": [{"name": "web.kind", "type": "keyword"}]}},
                    "access": {"folders": {"_meta": {"files": {"fields.yml": [
                      {"name": "access", "type": "group", "fields": [{"name": "code", "type": "integer"},
                        {"name": "hops", "type": "nested", "fields": [{"name": "ip", "type": "ip"}]}]}]}}}}}}}}}}}
                """);
        String table = BeatsFieldsGenerator.generate(schema, "example/detection-rules beats.json.gz", "abc123");

        assertThat(table).contains("# Source: example/detection-rules beats.json.gz at commit abc123\n");
        assertThat(table.lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "samplebeat\t\t\tsample.id\tlong",
                "samplebeat\t\t\tsample.tag\tkeyword",
                "samplebeat\tweb\t\tweb.kind\tkeyword",
                "samplebeat\tweb\taccess\tweb.access.code\tinteger",
                "samplebeat\tweb\taccess\tweb.access.hops.ip\tip");
    }
}
