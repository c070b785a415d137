package dev.capstan.api;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A readiness or health check, as written after {@code ready =} or {@code healthcheck =}:
 * <ul>
 * <li>{@code notify:FD}: the service writes a newline to fd FD (s6's notification-fd);</li>
 * <li>{@code tcp:PORT} or {@code tcp:HOST:PORT}: a TCP connect succeeds;</li>
 * <li>{@code http://HOST:PORT/PATH}: a GET answers 2xx;</li>
 * <li>{@code exec:COMMAND}: the command exits 0;</li>
 * <li>{@code log:REGEX}: a line of the service's output matches.</li>
 * </ul>
 */
public sealed interface Probe {

    /** @throws IllegalArgumentException saying what is wrong with the text */
    static Probe parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String scheme = colon < 0 ? t : t.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        switch (scheme) {
            case "notify":
                return new Notify(number(rest, t, "fd"));
            case "tcp": {
                int last = rest.lastIndexOf(':');
                String host = last < 0 ? "127.0.0.1" : rest.substring(0, last);
                return new Tcp(host, number(last < 0 ? rest : rest.substring(last + 1), t, "port"));
            }
            case "http":
            case "https":
                try {
                    return new Http(URI.create(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(t + ": not a URL (" + e.getMessage() + ")");
                }
            case "exec":
                if (rest.isBlank()) {
                    throw new IllegalArgumentException(t + ": exec: needs a command");
                }
                return new Exec(rest.trim());
            case "log":
                try {
                    Pattern.compile(rest);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(t + ": not a regular expression (" + e.getDescription() + ")");
                }
                return new LogMatch(rest);
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

    record Notify(int fd) implements Probe {
        public Notify {
            if (fd < 3) {
                throw new IllegalArgumentException("notify:" + fd + ": the notification fd must be 3 or more");
            }
        }

        @Override
        public String toString() {
            return "notify:" + fd;
        }
    }

    record Tcp(String host, int port) implements Probe {
        public Tcp {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    record Http(URI uri) implements Probe {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /** @param command a command line, split like {@code command =} (shell words, no shell) */
    record Exec(String command) implements Probe {
        @Override
        public String toString() {
            return "exec:" + command;
        }
    }

    /** @param regex matched with {@link java.util.regex.Matcher#find()} against each output line */
    record LogMatch(String regex) implements Probe {
        @Override
        public String toString() {
            return "log:" + regex;
        }
    }
}
