package dev.capstan.config.spec;

import dev.capstan.api.Probe;
import java.net.URI;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code ready =} and {@code healthcheck =} into a {@link Probe}, when the file is read: an
 * {@code exec:} command is split into its words here, so an unclosed quote is an error at its
 * line, not a check that fails at every spawn.
 */
public final class ProbeParser {

    private ProbeParser() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the text */
    public static Probe parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String scheme = colon < 0 ? t : t.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        switch (scheme) {
            case "notify":
                return new Probe.Notify(number(rest, t, "fd"));
            case "tcp": {
                int last = rest.lastIndexOf(':');
                String host = last < 0 ? "127.0.0.1" : rest.substring(0, last);
                return new Probe.Tcp(host, number(last < 0 ? rest : rest.substring(last + 1), t, "port"));
            }
            case "http":
            case "https":
                try {
                    return new Probe.Http(URI.create(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(t + ": not a URL (" + e.getMessage() + ")");
                }
            case "exec": {
                String command = rest.trim();
                if (command.isEmpty()) {
                    throw new IllegalArgumentException(t + ": exec: needs a command");
                }
                return new Probe.Exec(command, ShellWords.split(command));
            }
            case "log":
                try {
                    Pattern.compile(rest);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(t + ": not a regular expression (" + e.getDescription() + ")");
                }
                return new Probe.LogMatch(rest);
            default:
                throw new IllegalArgumentException(t + ": expected notify:FD, tcp:[HOST:]PORT, http://..., exec:COMMAND or log:REGEX");
        }
    }

    private static int number(String s, String whole, String what) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(whole + ": " + what + " is not a number");
        }
    }
}
