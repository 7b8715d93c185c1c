package dev.dac.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Assembles EQL sequences from events fed in EQL order (timestamp, tiebreaker, place), keeping only what is in
 * flight, after Elasticsearch's sequence matcher (x-pack/plugin/eql .../execution/sequence/SequenceMatcher.java):
 * <ul>
 *   <li>an event of stage 0 starts a sequence for its join key; an event of stage n extends the sequence of the same
 *   key waiting at stage n-1, if it is within {@code maxspan} of the sequence's first event (else that sequence is
 *   dropped);</li>
 *   <li>one sequence per key and stage: a newer one replaces the older;</li>
 *   <li>an {@code until} event removes every sequence in flight for its key;</li>
 *   <li>a sequence that reaches the last stage is complete once {@code accept} (the missing-event check) agrees.</li>
 * </ul>
 * An event that matches several stages is fed to them from the last to the first, so it never follows itself.
 * Completed sequences are kept up to {@code limit}: the first ones by their first event ({@code head}) or the last
 * ones ({@code tail}).
 */
public final class SequenceMatcher {

    /** A sequence in flight or complete: its key and its events so far, with their ordinals. */
    public record Sequence(JoinKey key, List<Ordinal> ordinals, List<EventHit> events) {
        Sequence extend(Ordinal ordinal, EventHit event) {
            List<Ordinal> o = new ArrayList<>(ordinals);
            o.add(ordinal);
            List<EventHit> e = new ArrayList<>(events);
            e.add(event);
            return new Sequence(key, List.copyOf(o), List.copyOf(e));
        }

        public Ordinal first() {
            return ordinals.get(0);
        }
    }

    private final int stages;
    private final Duration maxSpan;
    private final int limit;
    private final boolean tail;
    private final Predicate<Sequence> accept;
    private final List<Map<JoinKey, Sequence>> inFlight = new ArrayList<>();
    private final PriorityQueue<Sequence> completed;
    private long dropped;

    /**
     * {@code stages} positive steps (runs already unrolled), {@code maxSpan} or null, at most {@code limit} results
     * (the last ones when {@code tail}), {@code accept} deciding whether a finished sequence counts.
     */
    public SequenceMatcher(int stages, Duration maxSpan, int limit, boolean tail, Predicate<Sequence> accept) {
        this.stages = stages;
        this.maxSpan = maxSpan;
        this.limit = limit;
        this.tail = tail;
        this.accept = accept;
        for (int i = 0; i < stages; i++) {
            inFlight.add(new HashMap<>());
        }
        Comparator<Sequence> byStart = Comparator.comparing(Sequence::first);
        // the heap's head is the one to evict: the latest start for head, the earliest for tail
        this.completed = new PriorityQueue<>(tail ? byStart : byStart.reversed());
    }

    /** Feeds one event: {@code matchedStages} are the stages whose conditions it meets, {@code keys} its key per stage. */
    public void onEvent(Ordinal ordinal, EventHit event, List<Integer> matchedStages, List<JoinKey> keys) {
        List<Integer> descending = new ArrayList<>(matchedStages);
        descending.sort(Comparator.reverseOrder());
        for (int stage : descending) {
            JoinKey key = keys.get(stage);
            if (key == null) {
                continue; // a join key that is null on a non-optional field: the event joins nothing
            }
            if (stage == 0) {
                place(0, new Sequence(key, List.of(ordinal), List.of(event)));
                continue;
            }
            Sequence previous = inFlight.get(stage - 1).remove(key);
            if (previous == null) {
                continue;
            }
            if (maxSpan != null && ordinal.timestampNanos() - previous.first().timestampNanos() > maxSpan.toNanos()) {
                dropped++;
                continue;
            }
            place(stage, previous.extend(ordinal, event));
        }
    }

    /** Feeds an {@code until} event: every sequence in flight for {@code key} ends. */
    public void onUntil(JoinKey key) {
        if (key == null) {
            return;
        }
        for (Map<JoinKey, Sequence> stage : inFlight) {
            stage.remove(key);
        }
    }

    private void place(int stage, Sequence sequence) {
        if (stage == stages - 1) {
            if (accept.test(sequence)) {
                completed.add(sequence);
                if (completed.size() > limit) {
                    completed.poll();
                }
            }
            return;
        }
        inFlight.get(stage).put(sequence.key(), sequence);
    }

    /**
     * Whether more events can change the answer: false once {@code head} has its {@code limit} and nothing in flight
     * started before the last of them. It looks at everything in flight, so callers ask once per page of events.
     */
    public boolean wantsMore() {
        return tail || completed.size() < limit || inFlight.stream().anyMatch(m -> !m.isEmpty())
                && earliestInFlight().compareTo(completed.peek().first()) < 0;
    }

    private Ordinal earliestInFlight() {
        return inFlight.stream().flatMap(m -> m.values().stream()).map(Sequence::first)
                .min(Comparator.naturalOrder()).orElseThrow();
    }

    /** Sequences in flight now (bounded by distinct keys times stages). */
    public int inFlightCount() {
        return inFlight.stream().mapToInt(Map::size).sum();
    }

    /** How many sequences maxspan dropped. */
    public long droppedByMaxSpan() {
        return dropped;
    }

    /** The completed sequences, by their first event. */
    public List<Sequence> results() {
        List<Sequence> out = new ArrayList<>(completed);
        out.sort(Comparator.comparing(Sequence::first));
        return out;
    }
}
