package dev.dac.rule;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Alert severity, with the risk-score band Elastic Security pairs with it (low 0-21, medium 22-47, high 48-73,
 * critical 74-100).
 */
public enum Severity {
    LOW(0, 21),
    MEDIUM(22, 47),
    HIGH(48, 73),
    CRITICAL(74, 100);

    private final int minRiskScore;
    private final int maxRiskScore;

    Severity(int minRiskScore, int maxRiskScore) {
        this.minRiskScore = minRiskScore;
        this.maxRiskScore = maxRiskScore;
    }

    @JsonValue
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int minRiskScore() {
        return minRiskScore;
    }

    public int maxRiskScore() {
        return maxRiskScore;
    }

    public boolean admits(int riskScore) {
        return riskScore >= minRiskScore && riskScore <= maxRiskScore;
    }

    public static Severity forRiskScore(int riskScore) {
        for (Severity severity : values()) {
            if (severity.admits(riskScore)) {
                return severity;
            }
        }
        return riskScore < 0 ? LOW : CRITICAL;
    }
}
