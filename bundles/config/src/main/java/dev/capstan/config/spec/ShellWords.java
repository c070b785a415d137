package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words exactly as supervisord does: Python's {@code shlex.split}
 * (POSIX mode, no comments), which it calls on {@code command =} before every spawn. The rules,
 * from CPython's shlex.read_token:
 * <ul>
 * <li>words are separated by space, tab, carriage return and newline only (not by a form feed
 * or other Unicode spaces);</li>
 * <li>single quotes keep everything up to the next single quote;</li>
 * <li>inside double quotes a backslash escapes only {@code "} and {@code \}; before any other
 * character, a newline included, the backslash stays: {@code "a \<newline>b"} keeps both, so
 * {@code bash -c} sees a line continuation, as under supervisord;</li>
 * <li>outside quotes a backslash takes the next character literally, a newline included;</li>
 * <li>quotes join with what touches them ({@code --x="a b"c} is one word), and {@code ''} is an
 * empty word; {@code #} starts no comment.</li>
 * </ul>
 * No shell ever sees the line. The one splitter of Capstan: {@code command =} and {@code exec:}
 * checks are split here, when the file is read; {@link #join} writes words back as a line that
 * splits to exactly them.
 */
public final class ShellWords {

    private static final String WHITESPACE = " \t\r\n";

    private ShellWords() {
    }

    /** @throws IllegalArgumentException "No closing quotation" or "No escaped character", as shlex says them */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false; // a word has begun, possibly empty ('' or "")
        char quote = 0;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\') {
                    if (i == line.length()) {
                        throw new IllegalArgumentException("No escaped character");
                    }
                    char next = line.charAt(i++);
                    if (next != '"' && next != '\\') {
                        word.append('\\');
                    }
                    word.append(next);
                } else {
                    word.append(c);
                }
            } else if (WHITESPACE.indexOf(c) >= 0) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (i == line.length()) {
                        throw new IllegalArgumentException("No escaped character");
                    }
                    word.append(line.charAt(i++));
                } else {
                    word.append(c);
                }
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
