package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.load.RuleFileParser;
import dev.dac.load.RuleModelReader;
import dev.dac.rule.Rule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** EQL alerts as Kibana builds them: one per event, and for a sequence its building blocks plus a shell. */
class EqlAlertBuilderTest {

    private static final Execution AT = new Execution(Instant.parse("2026-04-10T12:00:00Z"), "default", null, "8.19.0");

    private static Rule sequenceRule() throws Exception {
        return new RuleModelReader().read(new RuleFileParser().parse(
                Path.of("rules/windows/defense_evasion_certutil_decode_then_execution.toml"))).rule();
    }

    private static EventHit event(String id, String processName, String... args) {
        ObjectNode source = ElasticsearchJson.mapper().createObjectNode();
        source.put("@timestamp", "2026-04-10T11:58:00Z");
        source.putObject("host").put("id", "h-1");
        source.putObject("process").put("name", processName).putArray("args").addAll(
                java.util.Arrays.stream(args).map(a -> (JsonNode) tools.jackson.databind.node.JsonNodeFactory.instance
                        .stringNode(a)).toList());
        return new EventHit("logs-endpoint.events.process-default", id, source);
    }

    @Test
    void anEventQueryHitBecomesOneAlertWithTheEventAsItsAncestor() throws Exception {
        ObjectNode alert = new EqlAlertBuilder(sequenceRule(), AT).fromEvent(event("e1", "certutil.exe", "-decode"));

        assertThat(alert.get("kibana.alert.rule.type").asString()).isEqualTo("eql");
        assertThat(alert.get("kibana.alert.depth").asInt()).isEqualTo(1);
        assertThat(alert.get("kibana.alert.ancestors").get(0).get("id").asString()).isEqualTo("e1");
        assertThat(alert.has("kibana.alert.building_block_type")).isFalse();
        assertThat(alert.has("kibana.alert.group.id")).isFalse();
        // wrap_hits.ts: the id of a query alert (pinned in AlertIdsTest); an EQL hit has no _version
        String ruleUuid = AlertBuilder.ruleUuid(sequenceRule().common().ruleId(), "default");
        assertThat(alert.get("kibana.alert.uuid").asString()).isEqualTo(new AlertIds("default", ruleUuid)
                .forEvent("logs-endpoint.events.process-default", "e1", null));
    }

    @Test
    void aSequenceBecomesBuildingBlocksInOrderAndAShellThatGroupsThem() throws Exception {
        Rule rule = sequenceRule();
        List<ObjectNode> alerts = new EqlAlertBuilder(rule, AT).fromSequence(List.of(
                event("e1", "certutil.exe", "certutil.exe", "-decode"), event("e2", "payload.exe", "payload.exe")));

        assertThat(alerts).hasSize(3);
        ObjectNode first = alerts.get(0);
        ObjectNode second = alerts.get(1);
        ObjectNode shell = alerts.get(2);
        String ruleUuid = AlertBuilder.ruleUuid(rule.common().ruleId(), "default");

        // building_block_type on the members only; the group id is the shell's own id
        assertThat(first.get("kibana.alert.building_block_type").asString()).isEqualTo("default");
        assertThat(second.get("kibana.alert.building_block_type").asString()).isEqualTo("default");
        assertThat(shell.has("kibana.alert.building_block_type")).isFalse();
        assertThat(first.get("kibana.alert.group.index").asInt()).isZero();
        assertThat(second.get("kibana.alert.group.index").asInt()).isEqualTo(1);
        String shellId = shell.get("kibana.alert.uuid").asString();
        assertThat(first.get("kibana.alert.group.id").asString()).isEqualTo(shellId);
        assertThat(second.get("kibana.alert.group.id").asString()).isEqualTo(shellId);
        assertThat(shell.get("kibana.alert.group.id").asString()).isEqualTo(shellId);

        // ids as generate_building_block_ids.ts and build_alert.ts hash them
        String index = "logs-endpoint.events.process-default";
        String base = "e1" + index + ruleUuid + "e2" + index + ruleUuid;
        assertThat(first.get("kibana.alert.uuid").asString()).isEqualTo(AlertIds.sha256(base + "0"));
        assertThat(second.get("kibana.alert.uuid").asString()).isEqualTo(AlertIds.sha256(base + "1"));
        String firstId = first.get("kibana.alert.uuid").asString();
        String secondId = second.get("kibana.alert.uuid").asString();
        assertThat(shellId).isEqualTo(AlertIds.sha256("e1" + index + firstId + "e2" + index + secondId
                + ruleUuid));

        // the shell's ancestors: each member's event, then the member itself as a signal
        List<String> ancestry = StreamSupport.stream(shell.get("kibana.alert.ancestors").spliterator(), false)
                .map(a -> a.get("type").asString() + ":" + a.get("id").asString() + "@" + a.get("depth").asInt())
                .toList();
        assertThat(ancestry).containsExactly("event:e1@0", "signal:" + firstId + "@1", "event:e2@0",
                "signal:" + secondId + "@1");
        assertThat(shell.get("kibana.alert.depth").asInt()).isEqualTo(2);

        // the shell keeps what the members share: equal values, and the common part of arrays
        assertThat(shell.get("host.id").asString()).isEqualTo("h-1");
        assertThat(shell.has("process.name")).isFalse();
        assertThat(shell.get("process.args")).isEmpty();
        assertThat(shell.get("kibana.alert.rule.rule_id").asString()).isEqualTo(rule.common().ruleId());
    }

    @Test
    void anEventInTwoSequencesGetsADifferentBuildingBlockInEach() throws Exception {
        EqlAlertBuilder builder = new EqlAlertBuilder(sequenceRule(), AT);
        EventHit shared = event("e1", "certutil.exe", "-decode");
        String inFirst = builder.fromSequence(List.of(shared, event("e2", "a.exe"))).get(0)
                .get("kibana.alert.uuid").asString();
        String inSecond = builder.fromSequence(List.of(shared, event("e3", "b.exe"))).get(0)
                .get("kibana.alert.uuid").asString();
        assertThat(inFirst).isNotEqualTo(inSecond);
    }

    @Test
    void arraysIntersectAsLodashDoesScalarAgainstArrayIncluded() {
        var json = ElasticsearchJson.mapper();
        ObjectNode a = (ObjectNode) json.readTree("{\"x\":[\"p\",\"q\"],\"y\":\"p\",\"z\":1,\"o\":[{\"k\":1}]}");
        ObjectNode b = (ObjectNode) json.readTree("{\"x\":\"q\",\"y\":[\"p\",\"r\"],\"z\":2,\"o\":[{\"k\":1}]}");
        ObjectNode merged = EqlAlertBuilder.intersection(List.of(a, b));
        assertThat(merged.get("x").toString()).isEqualTo("[\"q\"]");
        assertThat(merged.get("y").toString()).isEqualTo("[\"p\"]");
        assertThat(merged.has("z")).isFalse();
        assertThat(merged.get("o").toString()).isEqualTo("[]");
    }
}
