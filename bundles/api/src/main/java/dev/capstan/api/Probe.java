package dev.capstan.api;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A readiness or health check, as written after {@code ready =} or {@code healthcheck =} and
 * parsed by the configuration bundle when it reads the file:
 * <ul>
 * <li>{@code notify:FD}: the service writes a newline to fd FD (s6's notification-fd);</li>
 * <li>{@code tcp:PORT} or {@code tcp:HOST:PORT}: a TCP connect succeeds;</li>
 * <li>{@code http://HOST:PORT/PATH}: a GET answers 2xx;</li>
 * <li>{@code exec:COMMAND}: the command exits 0;</li>
 * <li>{@code log:REGEX}: a line of the service's output matches.</li>
 * </ul>
 */
public sealed interface Probe {

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

    /**
     * @param command the command line as written
     * @param argv    its words, split like {@code command =} (shell words, no shell); not empty
     */
    record Exec(String command, List<String> argv) implements Probe {
        public Exec {
            Objects.requireNonNull(command, "command");
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("exec:" + command + ": exec: needs a command");
            }
        }

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
