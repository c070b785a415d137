package dev.capstan.xmlrpc.rpc;

import java.util.List;
import java.util.regex.Pattern;

/** A command's words as one line, quoted as Python's {@code shlex.join} does, which splits back into them. */
final class CommandLine {

    /** Python's shlex.quote leaves words of these characters alone. */
    private static final Pattern SAFE = Pattern.compile("[\\w@%+=:,./-]+", Pattern.UNICODE_CHARACTER_CLASS);

    private CommandLine() {
    }

    static String join(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(SAFE.matcher(w).matches() ? w : "'" + w.replace("'", "'\"'\"'") + "'");
        }
        return line.toString();
    }
}
