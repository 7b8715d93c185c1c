package dev.dac.engine;

import dev.dac.rule.CommonFields;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleType;
import dev.dac.rule.Threat;
import dev.dac.rule.TypeFields;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Kibana writes about the rule into each alert besides kibana.alert.rule.* scalars: kibana.alert.rule.parameters,
 * the rule's params in snake case (build_alert.ts: commonParamsCamelToSnake + typeSpecificCamelToSnake, without
 * output_index), and the rule type's id and category (the alerting framework writes the rule type's name as
 * kibana.alert.rule.category: create_*_alert_type.ts). The parameters are those dac's rule model holds; Kibana's
 * defaults fill what a rule leaves out (from, to, max_signals, version 1, immutable false, empty mappings and
 * exception lists). Free-form params the model does not hold (filters, meta, alert_suppression, related_integrations,
 * required_fields, severity and risk score mappings with entries) are not written.
 */
final class RuleParameters {

    private RuleParameters() {}

    /** The rule type id of the alerting framework (kibana.alert.rule.rule_type_id). */
    static String ruleTypeId(RuleType type) {
        return "siem." + switch (type) {
            case NEW_TERMS -> "newTermsRule";
            case ESQL -> "esqlRule";
            case EQL -> "eqlRule";
            case THRESHOLD -> "thresholdRule";
            case MACHINE_LEARNING -> "mlRule";
            case THREAT_MATCH -> "indicatorRule";
            case QUERY -> "queryRule";
        };
    }

    /** The rule type's name, which Kibana writes as kibana.alert.rule.category. */
    static String category(RuleType type) {
        return switch (type) {
            case NEW_TERMS -> "New Terms Rule";
            case ESQL -> "ES|QL Rule";
            case EQL -> "Event Correlation Rule";
            case THRESHOLD -> "Threshold Rule";
            case MACHINE_LEARNING -> "Machine Learning Rule";
            case THREAT_MATCH -> "Indicator Match Rule";
            case QUERY -> "Custom Query Rule";
        };
    }

    /** The index patterns the rule searches (kibana.alert.rule.indices), empty for ES|QL and ML. */
    static List<String> indices(Rule rule) {
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.QueryFields q) {
            return q.index();
        } else if (fields instanceof TypeFields.EqlFields e) {
            return e.index();
        } else if (fields instanceof TypeFields.NewTermsFields n) {
            return n.index();
        } else if (fields instanceof TypeFields.ThresholdFields t) {
            return t.index();
        } else if (fields instanceof TypeFields.ThreatMatchFields t) {
            return t.index();
        }
        return List.of();
    }

    static ObjectNode of(Rule rule) {
        CommonFields common = rule.common();
        ObjectNode params = ElasticsearchJson.mapper().createObjectNode();
        params.put("description", common.description());
        params.put("risk_score", common.riskScore());
        params.put("severity", common.severity().apiName());
        putIfSet(params, "building_block_type", common.buildingBlockType());
        putIfSet(params, "note", common.note());
        putIfSet(params, "license", common.license());
        putIfSet(params, "timestamp_override", common.timestampOverride());
        if (common.investigationFields() != null) {
            strings(params.putObject("investigation_fields").putArray("field_names"),
                    common.investigationFields().fieldNames());
        }
        strings(params.putArray("author"), common.author());
        strings(params.putArray("false_positives"), common.falsePositives());
        params.put("from", common.effectiveFrom());
        params.put("rule_id", common.ruleId());
        params.put("max_signals", common.effectiveMaxSignals());
        params.putArray("risk_score_mapping");
        params.putArray("severity_mapping");
        ArrayNode threat = params.putArray("threat");
        for (Threat t : common.threat()) {
            threat.add(ElasticsearchJson.mapper().valueToTree(t));
        }
        params.put("to", common.effectiveTo());
        strings(params.putArray("references"), common.references());
        params.put("version", common.version() == null ? 1 : common.version());
        params.putArray("exceptions_list");
        params.put("immutable", false);
        putIfSet(params, "setup", common.setup());
        params.put("type", rule.type().apiName());
        TypeFields fields = rule.typeFields();
        if (fields instanceof TypeFields.QueryFields q) {
            query(params, q.language(), q.query(), q.index(), q.dataViewId());
        } else if (fields instanceof TypeFields.EqlFields e) {
            query(params, "eql", e.query(), e.index(), e.dataViewId());
        } else if (fields instanceof TypeFields.EsqlFields e) {
            query(params, "esql", e.query(), List.of(), null);
        } else if (fields instanceof TypeFields.NewTermsFields n) {
            query(params, n.language(), n.query(), n.index(), n.dataViewId());
            strings(params.putArray("new_terms_fields"), n.newTermsFields());
            putIfSet(params, "history_window_start", n.historyWindowStart());
        } else if (fields instanceof TypeFields.ThresholdFields t) {
            query(params, t.language(), t.query(), t.index(), t.dataViewId());
            ObjectNode threshold = params.putObject("threshold");
            strings(threshold.putArray("field"), t.threshold().field());
            threshold.put("value", t.threshold().value());
            ArrayNode cardinality = threshold.putArray("cardinality");
            t.threshold().cardinality().forEach(c -> cardinality.addObject().put("field", c.field())
                    .put("value", c.value()));
        } else if (fields instanceof TypeFields.MachineLearningFields m) {
            params.put("anomaly_threshold", m.anomalyThreshold());
            strings(params.putArray("machine_learning_job_id"), m.machineLearningJobId());
        } else if (fields instanceof TypeFields.ThreatMatchFields t) {
            query(params, t.language(), t.query(), t.index(), t.dataViewId());
        }
        return params;
    }

    private static void query(ObjectNode params, String language, String query, List<String> index, String dataView) {
        putIfSet(params, "language", language);
        putIfSet(params, "query", query);
        if (!index.isEmpty()) {
            strings(params.putArray("index"), index);
        }
        putIfSet(params, "data_view_id", dataView);
    }

    private static void putIfSet(ObjectNode params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
