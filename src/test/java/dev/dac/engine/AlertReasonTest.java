package dev.dac.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** kibana.alert.reason as rule_types/utils/reason_formatters.ts (buildReasonMessageUtil) builds it. */
class AlertReasonTest {

    private static JsonNode json(String text) {
        return ElasticsearchJson.mapper().readTree(text);
    }

    @Test
    void everyPartInKibanasOrderWithArraysJoined() {
        JsonNode source = json("""
                {"event": {"category": ["network", "process"]}, "process": {"name": "nc", "parent": {"name": "bash"}},
                 "file": {"name": "x.sh"}, "source": {"ip": "10.1.1.1", "port": "4444"},
                 "destination.ip": ["192.168.1.1", "192.168.1.2"], "destination": {"port": "80"},
                 "user": {"name": "root"}, "host": {"name": "web-1"}}""");
        assertThat(AlertReason.of(source, "Netcat", "high")).isEqualTo("network, process event with process nc,"
                + " parent process bash, file x.sh, source 10.1.1.1:4444, destination 192.168.1.1, 192.168.1.2:80,"
                + " by root on web-1 created high alert Netcat.");
    }

    @Test
    void userAndHostAloneDoNotSayWith() {
        // a threshold alert grouped on process.name reads "event with process sshd, created high alert ..."
        // (Kibana's threshold.ts API integration test); user and host are not fields of interest
        assertThat(AlertReason.of(json("{\"process.name\": \"sshd\"}"), "Signal Testing Query", "high"))
                .isEqualTo("event with process sshd, created high alert Signal Testing Query.");
        assertThat(AlertReason.of(json("{\"user\": {\"name\": \"bob\"}, \"host\": {\"name\": \"h\"}}"), "R", "low"))
                .isEqualTo("event by bob on h created low alert R.");
    }

    @Test
    void numbersDashesAndEmptyValuesAreLeftOut() {
        // getFieldTemplateValue: a JavaScript number has no length, so a numeric port is not shown; "-" and "" neither
        JsonNode source = json("""
                {"source": {"ip": "10.1.1.1", "port": 4444}, "user": {"name": "-"}, "host": {"name": ""},
                 "event": {"category": []}}""");
        assertThat(AlertReason.of(source, "R", "medium")).isEqualTo("event with source 10.1.1.1 created medium alert R.");
        assertThat(AlertReason.of(json("{}"), "R", "medium")).isEqualTo("event created medium alert R.");
    }
}
