package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.fields.EcsFields;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** required_fields entries as detection-rules writes them (checked against its package bodies and version lock). */
class RequiredFieldEntryTest {

    private static final Map<String, String> ECS = EcsFields.load().types();

    private static String entry(String field, String otherType) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        RequiredFieldEntry.add(out, field, ECS, otherType);
        return out.get(0).toString();
    }

    @Test
    void anEcsFieldKeepsItsEcsTypeWhateverTheIntegrationMapsItAs() {
        // rule 0f189343 (AWS EKS Control Plane Logging Disabled) in the prebuilt package: the aws table maps
        // data_stream.dataset as keyword, detection-rules sends ECS's constant_keyword with ecs true
        assertThat(entry("data_stream.dataset", "keyword"))
                .isEqualTo("{\"ecs\":true,\"name\":\"data_stream.dataset\",\"type\":\"constant_keyword\"}");
    }

    @Test
    void aMultiFieldOfEcsIsNoEcsField() {
        assertThat(entry("process.name.caseless", "keyword"))
                .isEqualTo("{\"ecs\":false,\"name\":\"process.name.caseless\",\"type\":\"keyword\"}");
        assertThat(entry("aws.cloudtrail.user_identity.arn", "unknown"))
                .isEqualTo("{\"ecs\":false,\"name\":\"aws.cloudtrail.user_identity.arn\",\"type\":\"unknown\"}");
    }
}
