package dev.dac.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNamesTest {

    private static final List<String> KNOWN = List.of("process.name", "process.pid", "source.ip", "event.dataset",
            "aws.cloudtrail.user_identity.access_key_id", "host.ip");

    @Test
    void theClosestKnownNameWithinAFewEditsIsSuggested() {
        assertThat(FieldNames.closest("process.nmae", KNOWN)).contains("process.name");
        assertThat(FieldNames.closest("sourc.ip", KNOWN)).contains("source.ip");
        assertThat(FieldNames.closest("event.datset", KNOWN)).contains("event.dataset");
        assertThat(FieldNames.closest("aws.cloudtrail.user_identity.acces_key_i", KNOWN))
                .as("three edits in a long name").contains("aws.cloudtrail.user_identity.access_key_id");
    }

    @Test
    void nothingIsSuggestedForAFarOrKnownName() {
        assertThat(FieldNames.closest("kubernetes.audit.verb", KNOWN)).isEmpty();
        assertThat(FieldNames.closest("process.name", KNOWN)).as("a known name needs no suggestion").isEmpty();
        assertThat(FieldNames.closest("x", KNOWN)).isEmpty();
        assertThat(FieldNames.closest("aws.cloudtrail.user_identity.acces_key", KNOWN)).as("four edits").isEmpty();
        assertThat(FieldNames.closest("proc.nmae", KNOWN)).as("three edits in a short name").isEmpty();
    }

    @Test
    void theBoundedDistanceAgreesWithTheFullOneUpToItsLimit() {
        String[] words = {"process.name", "process.nmae", "prcoess.name", "source.ip", "sourceip", "host.ip", "a", ""};
        for (String a : words) {
            for (String b : words) {
                int full = FieldNames.distance(a, b, 100);
                for (int limit = 0; limit < 6; limit++) {
                    assertThat(FieldNames.distance(a, b, limit)).as(a + " / " + b + " limit " + limit)
                            .isEqualTo(Math.min(full, limit + 1));
                }
            }
        }
        assertThat(FieldNames.distance("process.nmae", "process.name", 5)).isEqualTo(1);
        assertThat(FieldNames.distance("sourceip", "source.ip", 5)).isEqualTo(1);
    }
}
