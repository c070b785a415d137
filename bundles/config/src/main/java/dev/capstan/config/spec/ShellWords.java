package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way supervisord does ({@code shlex.split} in POSIX mode):
 * single quotes keep everything, double quotes keep all but {@code \"} and {@code \\}, a backslash
 * outside quotes escapes the next character, and no shell ever sees the line. The one splitter of
 * Capstan: {@code command =} and {@code exec:} checks are split here, when the file is read.
 * {@link #join} writes words back as a line that splits to exactly them.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /** @throws IllegalArgumentException on an unclosed quote or a trailing backslash */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\') {
                if (++i == line.length()) {
                    throw new IllegalArgumentException("No escaped character");
                }
                word.append(line.charAt(i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("No closing quotation");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Words as one line that {@link #split} gives back word for word: plain words as they are, others in single quotes. */
    public static String join(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (plain(w)) {
                line.append(w);
            } else {
                line.append('\'').append(w.replace("'", "'\"'\"'")).append('\'');
            }
        }
        return line.toString();
    }

    private static boolean plain(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 128 || !(Character.isLetterOrDigit(c) || "@%+=:,./-_".indexOf(c) >= 0)) {
                return false;
            }
        }
        return !word.isEmpty();
    }
}
