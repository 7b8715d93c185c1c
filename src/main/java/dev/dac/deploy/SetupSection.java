package dev.dac.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ## Setup} section of the note moved to {@code setup} when the rule has no setup of its own, as
 * detection-rules' {@code _convert_add_setup} and {@code _convert_get_setup_content} do
 * ({@code detection_rules/rule.py}). Its behaviour is kept, quirks included: the section starts at the first heading
 * whose text contains "Setup", runs to the next heading of level 2 or more, and is rendered from the Markdown tree
 * the way that code renders it (paragraph lines joined by newlines, blank runs as one newline, code spans and fenced
 * code kept, list markers, emphasis markers and link targets dropped, a list's items run together). The note then loses {@code "## Setup\n\n"}
 * and the rendered text, and is stripped; where the rendering dropped markup, the text is not found in the note and
 * stays there, exactly as in detection-rules. Covers the Markdown of investigation guides (paragraphs, lists, code,
 * quotes, headings); HTML blocks and tables are rendered as plain paragraphs.
 */
final class SetupSection {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*#*[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+).*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|\\d{1,9}[.)])(?:\\s+|$)");
    private static final Pattern QUOTE = Pattern.compile("^ {0,3}> ?");

    /** The note and setup after the move; {@code setup} is null when the note has no setup heading. */
    record Moved(String note, String setup) {}

    private SetupSection() {}

    static Moved move(String note) {
        List<String> lines = ApiText.splitLines(note);
        if (!hasSetupHeading(lines)) {
            return new Moved(note, null);
        }
        int start = -1;
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            if (FENCE.matcher(lines.get(i)).matches()) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(lines.get(i));
            if (!inFence && heading.matches() && heading.group(2) != null && heading.group(2).contains("Setup")) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            return new Moved(note, null);
        }
        String setup = render(lines.subList(start, lines.size())).strip();
        String rest = note.replace("## Setup\n\n", "").replace(setup, "");
        return new Moved(ApiText.pythonStrip(rest), setup);
    }

    /** detection-rules moves the section only when validate_note found a heading "## Setup". */
    private static boolean hasSetupHeading(List<String> lines) {
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inFence && heading.matches() && heading.group(1).length() == 2 && "Setup".equals(heading.group(2))) {
                return true;
            }
        }
        return false;
    }

    /** The blocks after the heading, up to the next heading of level 2 or more. */
    private static String render(List<String> lines) {
        StringBuilder out = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        // a list renders as its items' texts run together, each stripped, with nothing between or after them: the
        // List and ListItem nodes fall to the recursive branch, whose result is stripped (so 0ffc3d78's setup reads
        // "…(Packetbeat)Corelight integration …")
        List<String> items = null;
        boolean blankRun = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher heading = HEADING.matcher(line);
            Matcher fence = FENCE.matcher(line);
            if (line.isBlank()) {
                if (items != null && listGoesOn(lines, i)) {
                    continue;
                }
                flush(paragraph, items, out);
                items = endList(items, out);
                if (!blankRun) {
                    out.append('\n');
                }
                blankRun = true;
                continue;
            }
            blankRun = false;
            if (heading.matches()) {
                flush(paragraph, items, out);
                items = endList(items, out);
                if (heading.group(1).length() >= 2) {
                    break;
                }
                out.append(inline(heading.group(2) == null ? "" : heading.group(2)));
            } else if (fence.matches()) {
                flush(paragraph, items, out);
                items = endList(items, out);
                String marker = fence.group(1);
                List<String> code = new ArrayList<>();
                while (++i < lines.size() && !lines.get(i).strip().startsWith(marker)) {
                    code.add(lines.get(i));
                }
                out.append("```\n").append(String.join("\n", code)).append("\n```").append('\n');
            } else if (LIST_ITEM.matcher(line).find()) {
                flush(paragraph, items, out);
                items = items == null ? new ArrayList<>() : items;
                paragraph.add(LIST_ITEM.matcher(line).replaceFirst(""));
            } else if (QUOTE.matcher(line).find()) {
                paragraph.add(QUOTE.matcher(line).replaceFirst(""));
            } else {
                paragraph.add(line.strip());
            }
        }
        flush(paragraph, items, out);
        endList(items, out);
        return out.toString();
    }

    /** After a blank line inside a list: whether the next text is another item or an indented continuation. */
    private static boolean listGoesOn(List<String> lines, int blank) {
        for (int j = blank + 1; j < lines.size(); j++) {
            String next = lines.get(j);
            if (!next.isBlank()) {
                return LIST_ITEM.matcher(next).find() || next.startsWith("  ") || next.startsWith("\t");
            }
        }
        return false;
    }

    private static List<String> endList(List<String> items, StringBuilder out) {
        if (items != null) {
            out.append(String.join("", items));
        }
        return null;
    }

    private static void flush(List<String> paragraph, List<String> items, StringBuilder out) {
        if (items != null && !paragraph.isEmpty()) {
            items.add(inline(String.join("\n", paragraph)).strip());
            paragraph.clear();
        } else {
            flush(paragraph, out);
        }
    }

    private static void flush(List<String> paragraph, StringBuilder out) {
        if (!paragraph.isEmpty()) {
            out.append(inline(String.join("\n", paragraph))).append('\n');
            paragraph.clear();
        }
    }

    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1", Pattern.DOTALL);
    private static final Pattern EMPHASIS = Pattern.compile("(?<![\\w*])([*_])(?=\\S)(.+?)(?<=\\S)\\1(?![\\w*])",
            Pattern.DOTALL);

    /** Inline text as the tree renders it: code spans as written, other markup reduced to its text. */
    private static String inline(String text) {
        StringBuilder out = new StringBuilder();
        Matcher code = CODE_SPAN.matcher(text);
        int last = 0;
        while (code.find()) {
            out.append(plain(text.substring(last, code.start())));
            out.append('`').append(code.group(2).strip()).append('`');
            last = code.end();
        }
        out.append(plain(text.substring(last)));
        return out.toString();
    }

    private static String plain(String text) {
        String result = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        result = STRONG.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
        return EMPHASIS.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
    }
}
