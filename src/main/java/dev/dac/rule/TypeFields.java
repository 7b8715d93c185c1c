package dev.dac.rule;

import java.util.List;

/** The fields that belong to one rule type. */
public sealed interface TypeFields {

    RuleType type();

    /** KQL or Lucene over index patterns. */
    record QueryFields(String language, String query, List<String> index, String dataViewId) implements TypeFields {
        public QueryFields {
            index = CommonFields.copy(index);
        }

        @Override
        public RuleType type() {
            return RuleType.QUERY;
        }
    }

    record EqlFields(String query, List<String> index, String dataViewId, String eventCategoryOverride,
            String tiebreakerField, String timestampField) implements TypeFields {
        public EqlFields {
            index = CommonFields.copy(index);
        }

        @Override
        public RuleType type() {
            return RuleType.EQL;
        }
    }

    /** The ES|QL query names its own sources, so there is no index. */
    record EsqlFields(String query) implements TypeFields {
        @Override
        public RuleType type() {
            return RuleType.ESQL;
        }
    }

    /** Alerts on the first appearance of a combination of values within the history window. */
    record NewTermsFields(String language, String query, List<String> index, String dataViewId, NewTerms newTerms)
            implements TypeFields {
        public NewTermsFields {
            index = CommonFields.copy(index);
        }

        @Override
        public RuleType type() {
            return RuleType.NEW_TERMS;
        }

        public List<String> newTermsFields() {
            return newTerms.value();
        }

        public String historyWindowStart() {
            return newTerms.historyWindowStart().isEmpty() ? null : newTerms.historyWindowStart().get(0).value();
        }
    }

    /** The file's {@code [rule.new_terms]} table; Kibana's API flattens it. */
    record NewTerms(String field, List<String> value, List<FieldValue> historyWindowStart) {
        public NewTerms {
            value = CommonFields.copy(value);
            historyWindowStart = CommonFields.copy(historyWindowStart);
        }
    }

    record FieldValue(String field, String value) {}

    record ThresholdFields(String language, String query, List<String> index, String dataViewId, Threshold threshold)
            implements TypeFields {
        public ThresholdFields {
            index = CommonFields.copy(index);
        }

        @Override
        public RuleType type() {
            return RuleType.THRESHOLD;
        }
    }

    record Threshold(List<String> field, int value, List<Cardinality> cardinality) {
        public Threshold {
            field = CommonFields.copy(field);
            cardinality = CommonFields.copy(cardinality);
        }
    }

    record Cardinality(String field, int value) {}

    record MachineLearningFields(int anomalyThreshold, List<String> machineLearningJobId) implements TypeFields {
        public MachineLearningFields {
            machineLearningJobId = CommonFields.copy(machineLearningJobId);
        }

        @Override
        public RuleType type() {
            return RuleType.MACHINE_LEARNING;
        }
    }

    record ThreatMatchFields(String language, String query, List<String> index, String dataViewId,
            List<String> threatIndex, String threatQuery, String threatLanguage, String threatIndicatorPath,
            List<ThreatMappingGroup> threatMapping, Integer concurrentSearches, Integer itemsPerSearch)
            implements TypeFields {
        public ThreatMatchFields {
            index = CommonFields.copy(index);
            threatIndex = CommonFields.copy(threatIndex);
            threatMapping = CommonFields.copy(threatMapping);
        }

        @Override
        public RuleType type() {
            return RuleType.THREAT_MATCH;
        }
    }

    record ThreatMappingGroup(List<ThreatMappingEntry> entries) {
        public ThreatMappingGroup {
            entries = CommonFields.copy(entries);
        }
    }

    record ThreatMappingEntry(String field, String type, String value, Boolean negate) {}
}
