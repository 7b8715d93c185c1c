package dev.dac.kql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text analysis as Elasticsearch's standard analyzer does it for ordinary text: words of letters, digits and
 * underscores, joined across a '.' or an apostrophe between word characters (so host.name and 10.0.0.5 stay one
 * token), lower-cased. Enough for matching rule data; not a full Unicode segmentation.
 */
final class Analysis {

    private Analysis() {}

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean word = Character.isLetterOrDigit(c) || c == '_';
            boolean joiner = (c == '.' || c == '\'') && current.length() > 0 && i + 1 < text.length()
                    && (Character.isLetterOrDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '_');
            if (word || joiner) {
                current.append(c);
            } else if (current.length() > 0) {
                tokens.add(current.toString().toLowerCase(Locale.ROOT));
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    static boolean containsPhrase(List<String> doc, List<String> phrase) {
        if (phrase.isEmpty()) {
            return false;
        }
        for (int i = 0; i + phrase.size() <= doc.size(); i++) {
            if (doc.subList(i, i + phrase.size()).equals(phrase)) {
                return true;
            }
        }
        return false;
    }
}
