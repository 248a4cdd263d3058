package io.gator.cli.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A console line split into words: blanks separate, single or double quotes group (and are removed); no escapes,
 * so that regular expressions such as {@code \d} reach {@code grep} as typed.
 */
public final class Words {
    private Words() {}

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote " + quote);
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
