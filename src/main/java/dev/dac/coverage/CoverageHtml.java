package dev.dac.coverage;

import dev.dac.report.Version;
import java.util.List;
import java.util.Map;

/**
 * The coverage as one self-contained HTML page (inline style, no script or font from the network): the ATT&CK matrix,
 * a column per tactic and a cell per technique, coloured by the number of rules that cover it; hovering a cell
 * names its rules, and the list under the matrix gives them for every covered cell.
 */
public final class CoverageHtml {

    /** The colour of a technique no rule covers. */
    public static final String EMPTY = "#eeeeee";

    private CoverageHtml() {}

    /** The heat colour of a cell with {@code rules} rules when the busiest cell has {@code max}: pale orange to red. */
    public static String colour(int rules, int max) {
        if (rules <= 0) {
            return EMPTY;
        }
        double t = max <= 1 ? 1 : (rules - 1) / (double) (max - 1);
        int[] from = {0xfd, 0xbb, 0x84};
        int[] to = {0xb3, 0x00, 0x00};
        return String.format("#%02x%02x%02x", mix(from[0], to[0], t), mix(from[1], to[1], t),
                mix(from[2], to[2], t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    public static String of(AttackCoverage coverage, String title) {
        int max = coverage.maxRules();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font:12px sans-serif;margin:12px;color:#222}\n")
                .append("table.matrix{border-collapse:separate;border-spacing:3px;table-layout:fixed}\n")
                .append("table.matrix th{width:118px;vertical-align:bottom;text-align:left;font-size:11px}\n")
                .append("table.matrix td{vertical-align:top;padding:0}\n")
                .append(".cell{font-size:10px;line-height:12px;padding:3px;margin-bottom:3px;min-height:24px;"
                        + "border-radius:2px;overflow:hidden}\n")
                .append(".covered{font-weight:bold}\n.light{color:#fff}\n.count{float:right}\n")
                .append("dl dt{font-weight:bold;margin-top:6px}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p>")
                .append(coverage.ruleCount()).append(" rule").append(coverage.ruleCount() == 1 ? "" : "s")
                .append(", MITRE ATT&amp;CK Enterprise ").append(escape(coverage.attackVersion()))
                .append(". A cell's colour grows with the number of rules covering the technique (pale: 1, dark red: ")
                .append(Math.max(max, 1)).append("); grey cells have none. Hover a cell for its rules; the list below"
                        + " the matrix gives them all. Written by dac coverage ")
                .append(escape(Version.current())).append(".</p>\n<table class=\"matrix\">\n<tr>");
        for (AttackCoverage.Column column : coverage.columns()) {
            html.append("<th>").append(escape(column.name())).append("<br>").append(column.coveredCells())
                    .append(" of ").append(column.cells().size()).append(" covered</th>");
        }
        html.append("</tr>\n<tr>");
        for (AttackCoverage.Column column : coverage.columns()) {
            html.append("<td>");
            for (AttackCoverage.Cell cell : column.cells()) {
                int rules = cell.rules().size();
                String colour = colour(rules, max);
                html.append("<div class=\"cell").append(rules > 0 ? " covered" : "")
                        .append(rules > 0 && darkish(rules, max) ? " light" : "").append("\" id=\"")
                        .append(column.id()).append('-').append(cell.techniqueId())
                        .append("\" data-tactic=\"").append(column.id()).append("\" data-technique=\"")
                        .append(cell.techniqueId()).append("\" data-rules=\"").append(rules)
                        .append("\" data-colour=\"").append(colour).append("\" style=\"background:").append(colour)
                        .append("\" title=\"").append(escape(tooltip(cell))).append("\">");
                if (rules > 0) {
                    html.append("<span class=\"count\">").append(rules).append("</span>");
                }
                html.append(escape(cell.techniqueId())).append(' ').append(escape(cell.name())).append("</div>");
            }
            html.append("</td>");
        }
        html.append("</tr>\n</table>\n<h2>Rules behind each cell</h2>\n<dl id=\"rules\">\n");
        for (AttackCoverage.Column column : coverage.columns()) {
            if (!column.tacticOnlyRules().isEmpty()) {
                html.append("<dt>").append(escape(column.name())).append(" (no technique named)</dt>\n");
                column.tacticOnlyRules().forEach(r -> html.append("<dd>").append(escape(r)).append("</dd>\n"));
            }
            for (AttackCoverage.Cell cell : column.cells()) {
                if (cell.rules().isEmpty()) {
                    continue;
                }
                html.append("<dt>").append(escape(column.name())).append(" › ").append(escape(cell.techniqueId()))
                        .append(' ').append(escape(cell.name())).append("</dt>\n");
                cell.rules().forEach(r -> html.append("<dd>").append(escape(r)).append("</dd>\n"));
                cell.subtechniques().forEach((sub, rules) -> html.append("<dd>").append(escape(sub)).append(": ")
                        .append(escape(String.join("; ", rules))).append("</dd>\n"));
            }
        }
        html.append("</dl>\n");
        html.append("<pre id=\"positions\" hidden></pre>\n");
        // where each cell is drawn, for tools that check the picture (dac's own test reads it with --dump-dom)
        html.append("<script>document.getElementById('positions').textContent=JSON.stringify("
                + "Array.from(document.querySelectorAll('.cell')).map(function(c){var r=c.getBoundingClientRect();"
                + "return {id:c.id,rules:+c.dataset.rules,colour:c.dataset.colour,"
                + "left:Math.round(r.left),top:Math.round(r.top),right:Math.round(r.right),bottom:Math.round(r.bottom)};"
                + "}));</script>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static boolean darkish(int rules, int max) {
        return max > 1 && (rules - 1) / (double) (max - 1) > 0.5;
    }

    private static String tooltip(AttackCoverage.Cell cell) {
        if (cell.rules().isEmpty()) {
            return "no rule";
        }
        StringBuilder tip = new StringBuilder(String.join("\n", cell.rules()));
        for (Map.Entry<String, List<String>> sub : cell.subtechniques().entrySet()) {
            tip.append('\n').append(sub.getKey()).append(": ").append(String.join("; ", sub.getValue()));
        }
        return tip.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
