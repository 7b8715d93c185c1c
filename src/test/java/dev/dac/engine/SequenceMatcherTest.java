package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Sequences assembled from ordered events as Elasticsearch's matcher does, in memory bounded by what is in flight. */
class SequenceMatcherTest {

    private static long place;

    /** An event at second {@code second}, with join key {@code key}, matching {@code stages}. */
    private record Ev(String id, long second, String key, List<Integer> stages) {}

    private static Ev ev(String id, long second, String key, Integer... stages) {
        return new Ev(id, second, key, List.of(stages));
    }

    private static List<List<String>> run(SequenceMatcher matcher, int stages, Ev... events) {
        for (Ev e : events) {
            Ordinal ordinal = new Ordinal(e.second() * 1_000_000_000L, null, place++);
            List<JoinKey> keys = new ArrayList<>();
            for (int i = 0; i < stages; i++) {
                keys.add(key(e.key()));
            }
            if (e.stages().contains(-1)) {
                matcher.onUntil(key(e.key()));
            } else {
                matcher.onEvent(ordinal, new EventHit("i", e.id(), JsonNodeFactory.instance.objectNode()),
                        e.stages(), keys);
            }
        }
        return matcher.results().stream().map(s -> s.events().stream().map(EventHit::id).toList()).toList();
    }

    private static JoinKey key(String value) {
        return value == null ? null : JoinKey.of(List.of(JsonNodeFactory.instance.stringNode(value)));
    }

    private static SequenceMatcher matcher(int stages, Duration maxSpan) {
        return new SequenceMatcher(stages, maxSpan, 100, false, s -> true);
    }

    @Test
    void stagesCompleteInOrderForTheSameKey() {
        assertThat(run(matcher(2, null), 2, ev("a", 1, "h1", 0), ev("b", 2, "h1", 1)))
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void aLaterStageBeforeAnEarlierOneMatchesNothing() {
        assertThat(run(matcher(2, null), 2, ev("b", 1, "h1", 1), ev("a", 2, "h1", 0))).isEmpty();
    }

    @Test
    void eventsOfAnotherKeyDoNotJoin() {
        assertThat(run(matcher(2, null), 2, ev("a", 1, "h1", 0), ev("b", 2, "h2", 1))).isEmpty();
    }

    @Test
    void aNullKeyOnARequiredFieldJoinsNothing() {
        assertThat(run(matcher(2, null), 2, ev("a", 1, null, 0), ev("b", 2, null, 1))).isEmpty();
    }

    @Test
    void maxspanIsMeasuredFromTheFirstEventAndIsInclusive() {
        assertThat(run(matcher(2, Duration.ofSeconds(30)), 2, ev("a", 0, "h", 0), ev("b", 30, "h", 1)))
                .containsExactly(List.of("a", "b"));
        SequenceMatcher tooLate = matcher(3, Duration.ofSeconds(30));
        assertThat(run(tooLate, 3, ev("a", 0, "h", 0), ev("b", 10, "h", 1), ev("c", 31, "h", 2))).isEmpty();
        assertThat(tooLate.droppedByMaxSpan()).isEqualTo(1);
    }

    @Test
    void aNewerMatchOfTheSameStageAndKeyReplacesTheOlder() {
        // a1 then a2 at stage 0: only a2's sequence stays in flight, so the result starts with a2
        assertThat(run(matcher(2, null), 2, ev("a1", 1, "h", 0), ev("a2", 2, "h", 0), ev("b", 3, "h", 1)))
                .containsExactly(List.of("a2", "b"));
    }

    @Test
    void untilRemovesTheSequencesInFlightForItsKeyOnly() {
        assertThat(run(matcher(2, null), 2, ev("a", 1, "h1", 0), ev("x", 2, "h2", 0), ev("u", 3, "h1", -1),
                ev("b", 4, "h1", 1), ev("y", 5, "h2", 1))).containsExactly(List.of("x", "y"));
    }

    @Test
    void anEventMatchingTwoStagesDoesNotFollowItself() {
        // runs=2 unrolled: stages 0 and 1 have the same condition; one event may not fill both
        assertThat(run(matcher(2, null), 2, ev("a", 1, "h", 0, 1))).isEmpty();
        assertThat(run(matcher(2, null), 2, ev("a", 1, "h", 0, 1), ev("b", 2, "h", 0, 1)))
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void theMatcherKeepsOneSequencePerKeyAndStage() {
        SequenceMatcher matcher = matcher(3, null);
        List<Ev> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(ev("a" + i, i, "h" + (i % 5), 0));
        }
        run(matcher, 3, events.toArray(Ev[]::new));
        assertThat(matcher.inFlightCount()).isEqualTo(5);
    }

    @Test
    void headKeepsTheFirstSequencesAndTailTheLast() {
        Ev[] events = {ev("a1", 1, "h1", 0), ev("b1", 2, "h1", 1), ev("a2", 3, "h2", 0), ev("b2", 4, "h2", 1),
                ev("a3", 5, "h3", 0), ev("b3", 6, "h3", 1)};
        assertThat(run(new SequenceMatcher(2, null, 2, false, s -> true), 2, events))
                .containsExactly(List.of("a1", "b1"), List.of("a2", "b2"));
        assertThat(run(new SequenceMatcher(2, null, 2, true, s -> true), 2, events))
                .containsExactly(List.of("a2", "b2"), List.of("a3", "b3"));
    }

    @Test
    void aSequenceTheMissingEventCheckRejectsIsNotCounted() {
        SequenceMatcher matcher = new SequenceMatcher(2, null, 10, false,
                s -> !s.events().get(0).id().equals("a1"));
        assertThat(run(matcher, 2, ev("a1", 1, "h1", 0), ev("b1", 2, "h1", 1), ev("a2", 3, "h2", 0),
                ev("b2", 4, "h2", 1))).containsExactly(List.of("a2", "b2"));
    }
}
