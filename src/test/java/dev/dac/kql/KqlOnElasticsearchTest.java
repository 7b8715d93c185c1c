package dev.dac.kql;

import dev.dac.fields.FieldMap;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.harness.junit.DacElasticsearch;
import dev.dac.fields.IndexTemplates;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Differential test on a real Elasticsearch: for the seed query and generated queries over a generated CloudTrail
 * set, the translated DSL returns exactly the documents the evaluator accepts, and Elasticsearch's own kql query
 * returns the same documents wherever the two languages are specified to agree.
 */
@Tag("elasticsearch")
@ExtendWith(DacElasticsearch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KqlOnElasticsearchTest {

    static final String SEED_QUERY = "event.dataset: \"aws.cloudtrail\"\nand event.outcome: \"success\"\n"
            + "and source.ip:*\nand aws.cloudtrail.user_identity.access_key_id: AKIA*\n";

    private final RunningElasticsearch es;
    private final String index = "dac-kql-diff-" + Long.toHexString(System.nanoTime());
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, JsonNode> documents = new LinkedHashMap<>();
    private FieldMap fields;

    KqlOnElasticsearchTest(RunningElasticsearch es) {
        this.es = es;
    }

    @BeforeAll
    void indexCorpus() throws Exception {
        IndexTemplates.IndexTemplate template = IndexTemplates.load().forPattern("logs-aws.cloudtrail-*").orElseThrow();
        fields = FieldMap.fromMapping(template.mappings());
        ElasticsearchClient client = es.client();
        client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m.withJson(new StringReader(json.writeValueAsString(template.mappings())))));
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        List<Map<String, Object>> docs = CloudTrailCorpus.documents(400, 7L);
        for (int i = 0; i < docs.size(); i++) {
            String id = "d" + i;
            Map<String, Object> doc = docs.get(i);
            documents.put(id, json.valueToTree(doc));
            bulk.operations(op -> op.index(x -> x.index(index).id(id).document(doc)));
        }
        assertThat(client.bulk(bulk.build()).errors()).isFalse();
    }

    @AfterAll
    void dropIndex() throws Exception {
        es.client().indices().delete(d -> d.index(index));
    }

    private Set<String> evaluatorHits(String query) throws KqlSyntaxException {
        KqlNode node = KqlParser.parse(query);
        // the real clock, as Elasticsearch's now is the real one
        KqlEvaluator evaluator = new KqlEvaluator(fields, java.time.Clock.systemUTC());
        Set<String> hits = new TreeSet<>();
        documents.forEach((id, doc) -> {
            if (evaluator.matches(node, doc)) {
                hits.add(id);
            }
        });
        return hits;
    }

    private Set<String> search(String queryJson) throws Exception {
        var response = es.client().search(s -> s.index(index).size(1000).source(src -> src.fetch(false))
                .query(q -> q.withJson(new StringReader(queryJson))), Void.class);
        Set<String> ids = new TreeSet<>();
        response.hits().hits().forEach(h -> ids.add(h.id()));
        return ids;
    }

    private Set<String> dslHits(String query) throws Exception {
        return search(json.writeValueAsString(new KqlTranslator(fields).translate(KqlParser.parse(query))));
    }

    private Set<String> elasticsearchKqlHits(String query) throws Exception {
        return search(json.writeValueAsString(Map.of("kql", Map.of("query", query))));
    }

    @Test
    void seedQueryTranslationEvaluatorAndElasticsearchKqlAgree() throws Exception {
        Set<String> dsl = dslHits(SEED_QUERY);
        assertThat(dsl).isNotEmpty().hasSizeLessThan(documents.size());
        assertThat(evaluatorHits(SEED_QUERY)).isEqualTo(dsl);
        assertThat(elasticsearchKqlHits(SEED_QUERY)).isEqualTo(dsl);
        dsl.forEach(id -> {
            JsonNode doc = documents.get(id);
            assertThat(doc.path("event.outcome").asString()).isEqualTo("success");
            assertThat(doc.path("aws.cloudtrail.user_identity.access_key_id").asString()).startsWith("AKIA");
            assertThat(doc.has("source.ip")).isTrue();
        });
    }

    @Test
    void generatedQueriesAgree() throws Exception {
        List<String> queries = CloudTrailCorpus.queries(80, 11L);
        int nonTrivial = 0;
        int comparedWithElasticsearchKql = 0;
        for (String query : queries) {
            Set<String> dsl = dslHits(query);
            assertThat(evaluatorHits(query)).as("evaluator vs translated DSL for [%s]", query).isEqualTo(dsl);
            if (KnownDifferences.reason(query).isEmpty()) {
                assertThat(elasticsearchKqlHits(query)).as("Elasticsearch kql vs translated DSL for [%s]", query)
                        .isEqualTo(dsl);
                comparedWithElasticsearchKql++;
            }
            if (!dsl.isEmpty() && dsl.size() < documents.size()) {
                nonTrivial++;
            }
        }
        // most queries must select some documents and leave others, or agreement proves little
        assertThat(nonTrivial).isGreaterThan(queries.size() / 2);
        assertThat(comparedWithElasticsearchKql).isGreaterThanOrEqualTo(30);
    }

    @Test
    void listedDifferencesAreRealDifferences() throws Exception {
        for (Map.Entry<String, String> difference : KnownDifferences.EXAMPLES.entrySet()) {
            String query = difference.getKey();
            assertThat(KnownDifferences.reason(query)).as(query).isPresent();
            Set<String> kql;
            try {
                kql = elasticsearchKqlHits(query);
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                assertThat(e.status()).as("%s: %s", query, difference.getValue()).isEqualTo(400);
                continue;
            }
            assertThat(kql).as("%s: %s", query, difference.getValue()).isNotEqualTo(dslHits(query));
            assertThat(evaluatorHits(query)).isEqualTo(dslHits(query));
        }
    }
}
