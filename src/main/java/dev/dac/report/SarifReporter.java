package dev.dac.report;

import dev.dac.harness.TestReport;
import dev.dac.validate.Check;
import dev.dac.validate.Finding;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** SARIF 2.1.0, so code-scanning services annotate the rule files where the problems are. */
final class SarifReporter implements Reporter {

    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public void writeValidation(ValidationReport report, PrintWriter out) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "dac");
        driver.put("version", Version.current());
        driver.put("semanticVersion", Version.current().replace("-SNAPSHOT", ""));
        ArrayNode rules = driver.putArray("rules");
        for (Check check : Check.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", check.code());
            rule.put("name", check.slug());
            rule.putObject("shortDescription").put("text", check.title());
            rule.putObject("help").put("text", check.help());
            rule.putObject("defaultConfiguration").put("level", level(check.level()));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.check().code());
            result.put("ruleIndex", f.check().ordinal());
            result.put("level", level(f.level()));
            result.putObject("message").put("text", f.message());
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            String shown = DisplayPath.of(f.file());
            if (Path.of(shown).isAbsolute()) {
                artifact.put("uri", f.file().toUri().toString());
            } else {
                // relative to the checkout, which code-scanning services know as the source root
                artifact.put("uri", shown);
                artifact.put("uriBaseId", "%SRCROOT%");
            }
            if (f.line() != null) {
                physical.putObject("region").put("startLine", f.line());
            }
            if (f.ruleId() != null) {
                result.putObject("properties").put("rule_id", f.ruleId());
            }
        }
        out.println(mapper.writeValueAsString(root));
        out.flush();
    }

    @Override
    public void writeTests(TestReport report, PrintWriter out) {
        throw new UnsupportedOperationException("SARIF describes findings in files, not test results; use junit");
    }

    private static String level(Check.Level level) {
        return level == Check.Level.ERROR ? "error" : "warning";
    }
}
