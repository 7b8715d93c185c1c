package dev.dac.validate;

import dev.dac.eql.EqlNode;
import dev.dac.eql.EqlParser;
import dev.dac.eql.EqlSyntaxException;
import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlParser;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.rule.TypeFields;
import java.util.List;
import java.util.Optional;

/**
 * What dac learned from a rule's query, computed once per rule when it is checked and kept with it, so the lints and
 * the engine read the same parse. Each language has its slot, empty when the rule is written in another one; a new
 * analysis (a fuller ES|QL parse) goes here as another slot, filled in {@link #of}.
 */
public record QueryAnalyses(Optional<Kql> kql, Optional<EsqlQueryAnalysis> esql,
        Optional<List<String>> esqlEngineColumns, Optional<Eql> eql) {

    public static final QueryAnalyses NONE = new QueryAnalyses(Optional.empty(), Optional.empty());

    public QueryAnalyses {
        esqlEngineColumns = esqlEngineColumns.map(List::copyOf);
    }

    public QueryAnalyses(Optional<Kql> kql, Optional<EsqlQueryAnalysis> esql,
            Optional<List<String>> esqlEngineColumns) {
        this(kql, esql, esqlEngineColumns, Optional.empty());
    }

    /** The analyses of the text alone, before any engine saw the query. */
    public QueryAnalyses(Optional<Kql> kql, Optional<EsqlQueryAnalysis> esql) {
        this(kql, esql, Optional.empty());
    }

    /**
     * These analyses with the output columns Elasticsearch returned for the ES|QL query (its LIMIT 0 answer), which
     * the lints prefer to the text analysis: they are the columns an alert will carry.
     */
    public QueryAnalyses withEsqlEngineColumns(List<String> columns) {
        return new QueryAnalyses(kql, esql, Optional.of(columns), eql);
    }

    /** A KQL (kuery) query as parsed: its tree, or the syntax error that stopped the parser. */
    public sealed interface Kql {
        String text();

        record Parsed(String text, KqlNode tree) implements Kql {}

        record Unparsable(String text, KqlSyntaxException error) implements Kql {}
    }

    /** An EQL query as parsed: its tree, or the syntax error that stopped the parser. */
    public sealed interface Eql {
        String text();

        record Parsed(String text, EqlNode.Statement tree) implements Eql {}

        record Unparsable(String text, EqlSyntaxException error) implements Eql {}
    }

    /** The analyses of the query in {@code fields}, by the language it is written in. */
    public static QueryAnalyses of(TypeFields fields) {
        return new QueryAnalyses(kqlText(fields).map(QueryAnalyses::parseKql),
                fields instanceof TypeFields.EsqlFields esql && esql.query() != null
                        ? Optional.of(EsqlQueryAnalysis.of(esql.query())) : Optional.empty(), Optional.empty(),
                fields instanceof TypeFields.EqlFields eql && eql.query() != null
                        ? Optional.of(parseEql(eql.query())) : Optional.empty());
    }

    /** The parsed EQL tree, when the rule has an EQL query that parses. */
    public Optional<EqlNode.Statement> eqlTree() {
        return eql.filter(Eql.Parsed.class::isInstance).map(e -> ((Eql.Parsed) e).tree());
    }

    private static Eql parseEql(String text) {
        try {
            return new Eql.Parsed(text, EqlParser.parse(text));
        } catch (EqlSyntaxException e) {
            return new Eql.Unparsable(text, e);
        }
    }

    /** The parsed KQL tree, when the rule has a KQL query that parses. */
    public Optional<KqlNode> kqlTree() {
        return kql.filter(Kql.Parsed.class::isInstance).map(k -> ((Kql.Parsed) k).tree());
    }

    private static Kql parseKql(String text) {
        try {
            return new Kql.Parsed(text, KqlParser.parse(text));
        } catch (KqlSyntaxException e) {
            return new Kql.Unparsable(text, e);
        }
    }

    /** The rule types whose query may be KQL: query, new terms, threshold and indicator match. */
    private static Optional<String> kqlText(TypeFields fields) {
        String query = null;
        if (fields instanceof TypeFields.QueryFields q && "kuery".equals(q.language())) {
            query = q.query();
        } else if (fields instanceof TypeFields.NewTermsFields n && "kuery".equals(n.language())) {
            query = n.query();
        } else if (fields instanceof TypeFields.ThresholdFields t && "kuery".equals(t.language())) {
            query = t.query();
        } else if (fields instanceof TypeFields.ThreatMatchFields t && "kuery".equals(t.language())) {
            query = t.query();
        }
        return Optional.ofNullable(query);
    }
}
