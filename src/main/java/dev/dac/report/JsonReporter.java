package dev.dac.report;

import dev.dac.harness.CaseResult;
import dev.dac.harness.TestReport;
import dev.dac.validate.Finding;
import dev.dac.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One JSON object: {@code files}, {@code errors}, {@code warnings}; each finding with file, line, rule_id, code, message. */
final class JsonReporter implements Reporter {

    private final ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public void writeValidation(ValidationReport report, PrintWriter out) {
        ObjectNode root = mapper.createObjectNode();
        root.put("files", report.filesChecked());
        root.set("errors", findings(report.errors()));
        root.set("warnings", findings(report.warnings()));
        out.println(mapper.writeValueAsString(root));
        out.flush();
    }

    @Override
    public void writeTests(TestReport report, PrintWriter out) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode cases = root.putArray("cases");
        for (CaseResult result : report.results()) {
            ObjectNode node = cases.addObject();
            node.put("rule_id", TestCaseLabel.ruleId(result));
            node.put("case", result.testCase().name());
            node.put("file", DisplayPath.of(result.testCase().file()));
            node.put("passed", result.passed());
            node.put("expected", result.expectedCount());
            node.put("actual", result.actualCount());
            node.put("duplicates", result.duplicateCount());
            if (result.error() != null) {
                node.put("error", result.error());
            }
            ArrayNode differences = node.putArray("differences");
            result.outcomes().forEach(o -> o.differences().forEach(differences::add));
            // per rule: what it raised, the query that ran and why it failed, as the text report shows them
            ArrayNode rules = node.putArray("rules");
            for (CaseResult.RuleOutcome outcome : result.outcomes()) {
                ObjectNode rule = rules.addObject();
                rule.put("rule_id", outcome.expectation().ruleId());
                rule.put("passed", outcome.passed());
                rule.put("expected", outcome.expectation().count());
                rule.put("expected_alerts_matched", outcome.matchedAlerts());
                rule.putArray("raised").addAll(outcome.actual());
                rule.put("query", outcome.request());
                ArrayNode why = rule.putArray("why");
                outcome.why().forEach(why::add);
            }
            node.put("seconds", result.took().toMillis() / 1000.0);
        }
        root.put("passed", report.passed());
        root.put("failed", report.failed());
        ArrayNode problems = root.putArray("problems");
        report.problems().forEach(problems::add);
        root.put("elasticsearch", report.engine());
        out.println(mapper.writeValueAsString(root));
        out.flush();
    }

    private ArrayNode findings(List<Finding> findings) {
        ArrayNode array = mapper.createArrayNode();
        for (Finding f : findings) {
            ObjectNode node = array.addObject();
            node.put("file", DisplayPath.of(f.file()));
            if (f.line() == null) {
                node.putNull("line");
            } else {
                node.put("line", f.line());
            }
            if (f.ruleId() == null) {
                node.putNull("rule_id");
            } else {
                node.put("rule_id", f.ruleId());
            }
            node.put("code", f.check().code());
            node.put("message", f.message());
        }
        return array;
    }
}
