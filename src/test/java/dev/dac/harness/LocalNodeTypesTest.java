package dev.dac.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalNodeTypesTest {

    @Test
    void typesTheLocalNodeLacksBecomeTheNearestCoreType() {
        assertThat(LocalNodeTypes.local("match_only_text")).isEqualTo("text");
        assertThat(LocalNodeTypes.local("wildcard")).isEqualTo("keyword");
        assertThat(LocalNodeTypes.local("constant_keyword")).isEqualTo("keyword");
        assertThat(LocalNodeTypes.local("scaled_float")).isEqualTo("double");
        assertThat(LocalNodeTypes.local("unsigned_long")).isEqualTo("long");
        assertThat(LocalNodeTypes.local("flattened")).as("flattened is a core type in 8.x").isEqualTo("flattened");
        assertThat(LocalNodeTypes.local("ip")).isEqualTo("ip");
        assertThat(LocalNodeTypes.local("array")).as("a field table's pseudo type").isNull();
        assertThat(LocalNodeTypes.local("histogram")).isNull();
    }
}
