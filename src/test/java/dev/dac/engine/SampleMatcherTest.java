package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Samples: one event per filter for a join key, in any order, each event in one place only. */
class SampleMatcherTest {

    private static EventHit hit(String id) {
        return new EventHit("i", id, JsonNodeFactory.instance.objectNode());
    }

    private static JoinKey key(String value) {
        return value == null ? null : JoinKey.of(List.of(JsonNodeFactory.instance.stringNode(value)));
    }

    private static void feed(SampleMatcher matcher, String id, String key, Integer... filters) {
        List<JoinKey> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(key(key));
        }
        matcher.onEvent(hit(id), List.of(filters), keys);
    }

    private static List<List<String>> ids(SampleMatcher matcher) {
        return matcher.results().stream().map(s -> s.stream().map(EventHit::id).toList()).toList();
    }

    @Test
    void filtersAreFilledInAnyOrderPerKey() {
        SampleMatcher matcher = new SampleMatcher(2, 10);
        feed(matcher, "b1", "h1", 1);
        feed(matcher, "a2", "h2", 0);
        feed(matcher, "a1", "h1", 0);
        assertThat(ids(matcher)).containsExactly(List.of("a1", "b1"));
    }

    @Test
    void oneEventFillsOnePlaceOnly() {
        SampleMatcher matcher = new SampleMatcher(2, 10);
        feed(matcher, "x", "h1", 0, 1);
        assertThat(ids(matcher)).isEmpty();
        feed(matcher, "y", "h1", 0, 1);
        assertThat(ids(matcher)).containsExactly(List.of("x", "y"));
    }

    @Test
    void theFirstEventOfAFilterIsKeptAndANullKeyJoinsNothing() {
        SampleMatcher matcher = new SampleMatcher(2, 10);
        feed(matcher, "a1", "h1", 0);
        feed(matcher, "a2", "h1", 0);
        feed(matcher, "n", null, 1);
        feed(matcher, "b", "h1", 1);
        assertThat(ids(matcher)).containsExactly(List.of("a1", "b"));
    }

    @Test
    void atMostLimitSamples() {
        SampleMatcher matcher = new SampleMatcher(1, 2);
        feed(matcher, "a", "h1", 0);
        feed(matcher, "b", "h2", 0);
        feed(matcher, "c", "h3", 0);
        assertThat(ids(matcher)).containsExactly(List.of("a"), List.of("b"));
        assertThat(matcher.wantsMore()).isFalse();
    }
}
