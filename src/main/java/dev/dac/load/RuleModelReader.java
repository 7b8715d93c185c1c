package dev.dac.load;

import dev.dac.rule.CommonFields;
import dev.dac.rule.Rule;
import dev.dac.rule.RuleFile;
import dev.dac.rule.RuleMetadata;
import dev.dac.rule.RuleSettings;
import dev.dac.rule.RuleType;
import dev.dac.rule.TypeFields;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a parsed rule document into the typed model. It expects a document the schema accepted; anything else is
 * reported as "cannot be read as a rule" with the first field that did not fit, not thrown as a stack trace.
 */
public final class RuleModelReader {

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** Why a document could not be read as a rule, with the JSON pointer of the field at fault. */
    public static final class UnreadableRuleException extends Exception {
        private final String pointer;

        UnreadableRuleException(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    public RuleFile read(ParsedRuleFile parsed) throws UnreadableRuleException {
        JsonNode document = parsed.document();
        JsonNode rule = document.path("rule");
        String typeName = rule.path("type").asString("");
        Optional<RuleType> type = RuleType.fromApiName(typeName);
        if (type.isEmpty()) {
            throw new UnreadableRuleException("/rule/type", "unknown rule type '" + typeName + "'");
        }
        RuleMetadata metadata = convert(document.path("metadata"), RuleMetadata.class, "/metadata");
        CommonFields common = convert(rule, CommonFields.class, "/rule");
        TypeFields fields = convert(rule, fieldsClass(type.get()), "/rule");
        RuleSettings settings = convert(rule, RuleSettings.class, "/rule");
        return new RuleFile(parsed.path(), document, metadata, new Rule(common, fields, settings));
    }

    private static Class<? extends TypeFields> fieldsClass(RuleType type) {
        return switch (type) {
            case QUERY -> TypeFields.QueryFields.class;
            case EQL -> TypeFields.EqlFields.class;
            case ESQL -> TypeFields.EsqlFields.class;
            case NEW_TERMS -> TypeFields.NewTermsFields.class;
            case THRESHOLD -> TypeFields.ThresholdFields.class;
            case MACHINE_LEARNING -> TypeFields.MachineLearningFields.class;
            case THREAT_MATCH -> TypeFields.ThreatMatchFields.class;
        };
    }

    private <T> T convert(JsonNode node, Class<T> type, String pointer) throws UnreadableRuleException {
        try {
            return mapper.treeToValue(node.isMissingNode() ? mapper.createObjectNode() : node, type);
        } catch (JacksonException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
                    .reduce(pointer, (a, b) -> a + "/" + b);
            throw new UnreadableRuleException(path, e.getOriginalMessage());
        }
    }
}
