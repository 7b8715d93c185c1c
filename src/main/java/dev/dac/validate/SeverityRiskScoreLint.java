package dev.dac.validate;

import dev.dac.rule.RuleFile;
import dev.dac.rule.Severity;
import java.util.List;

/** Severity and risk score must tell the same story: Kibana sorts and colours alerts by both. */
final class SeverityRiskScoreLint implements RuleLint {

    @Override
    public void check(RuleUnderCheck rule, RuleFile model, List<Finding> findings) {
        Severity severity = model.rule().common().severity();
        int riskScore = model.rule().common().riskScore();
        if (severity != null && !severity.admits(riskScore)) {
            Severity fitting = Severity.forRiskScore(riskScore);
            findings.add(rule.findingAt(Check.SEVERITY_RISK_SCORE_MISMATCH, "/rule/risk_score", String.format(
                    "risk_score %d is in the %s band, but severity is \"%s\" (%s takes %d-%d); set severity = \"%s\""
                            + " or move risk_score into %d-%d",
                    riskScore, fitting.apiName(), severity.apiName(), severity.apiName(), severity.minRiskScore(),
                    severity.maxRiskScore(), fitting.apiName(), severity.minRiskScore(), severity.maxRiskScore())));
        }
    }
}
