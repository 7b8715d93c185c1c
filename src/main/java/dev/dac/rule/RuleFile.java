package dev.dac.rule;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * One rule file as dac understands it: where it came from, the parsed document (kept whole so conversion to the
 * Kibana API loses nothing), and the typed view the checks and the engine work with.
 */
public record RuleFile(Path path, JsonNode document, RuleMetadata metadata, Rule rule) {}
