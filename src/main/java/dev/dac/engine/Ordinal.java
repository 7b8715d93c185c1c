package dev.dac.engine;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * Where an event stands in EQL's order: its timestamp (in nanoseconds), then its tiebreaker (null last), then its
 * place in the point in time ({@code _shard_doc}), as Elasticsearch's EQL orders events
 * (x-pack/plugin/eql .../execution/sequence/Ordinal.java).
 */
public record Ordinal(long timestampNanos, JsonNode tiebreaker, long shardDoc) implements Comparable<Ordinal> {

    @Override
    public int compareTo(Ordinal other) {
        int byTime = Long.compare(timestampNanos, other.timestampNanos);
        if (byTime != 0) {
            return byTime;
        }
        int byTiebreaker = compareTiebreakers(tiebreaker, other.tiebreaker);
        return byTiebreaker != 0 ? byTiebreaker : Long.compare(shardDoc, other.shardDoc);
    }

    private static int compareTiebreakers(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull == bNull ? 0 : aNull ? 1 : -1;
        }
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asString()).compareTo(new BigDecimal(b.asString()));
        }
        return a.asString().compareTo(b.asString());
    }
}
