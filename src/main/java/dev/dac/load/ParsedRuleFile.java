package dev.dac.load;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** A rule file's TOML as a JSON tree, with the line of every key for error messages. */
public record ParsedRuleFile(Path path, JsonNode document, KeyLines lines) {}
