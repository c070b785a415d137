package dev.capstan.config.spec;

import dev.capstan.process.Signal;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Value types of the configuration, spelled as supervisord spells them. Each method throws
 * {@link IllegalArgumentException} with the problem only ("not a number"); the caller adds the
 * file, line and key.
 */
public final class Values {

    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");

    private Values() {
    }

    /** {@code true/yes/on/1} or {@code false/no/off/0}, any case. */
    public static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(t)) {
            return true;
        }
        if (FALSE.contains(t)) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean (true/false, yes/no, on/off, 1/0)");
    }

    public static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    public static int count(String text) {
        int n = integer(text);
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return n;
    }

    /**
     * Seconds, decimals allowed ({@code 1}, {@code 0.3}) since supervisord's keys are whole seconds
     * and tests want short timings; or with a unit: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}.
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long nanosPerUnit = 1_000_000_000L;
        if (t.endsWith("ms")) {
            nanosPerUnit = 1_000_000L;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            nanosPerUnit = 60_000_000_000L;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            nanosPerUnit = 3_600_000_000_000L;
            t = t.substring(0, t.length() - 1);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(t.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        try {
            return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too long, or finer than a nanosecond");
        }
    }

    /** Bytes, with an optional {@code KB}, {@code MB} or {@code GB} suffix (1024-based), as supervisord's byte_size. */
    public static long byteSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = 1024;
        } else if (t.endsWith("MB")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("GB")) {
            unit = 1024 * 1024 * 1024;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 2).trim();
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new IllegalArgumentException("must not be negative");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a byte size (e.g. 1024, 50KB, 50MB, 1GB)");
        }
    }

    /** An octal number such as a umask ({@code 022}). */
    public static int octal(String text) {
        try {
            int n = Integer.parseInt(text.trim(), 8);
            if (n < 0 || n > 07777) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an octal number (e.g. 022)");
        }
    }

    /** By name ({@code TERM}, {@code SIGTERM}) or number ({@code 15}). */
    public static Signal signal(String text) {
        try {
            return Signal.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a signal name or number");
        }
    }

    /** supervisord's {@code exitcodes}: a comma list of numbers from 0 to 255; Capstan also takes ranges ({@code 0-255}). */
    public static Set<Integer> exitCodes(String text) {
        Set<Integer> codes = new LinkedHashSet<>();
        for (String item : list(text)) {
            int dash = item.indexOf('-', 1);
            int first = exitCode(dash < 0 ? item : item.substring(0, dash), item);
            int last = dash < 0 ? first : exitCode(item.substring(dash + 1), item);
            for (int code = first; code <= last; code++) {
                codes.add(code);
            }
        }
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("needs at least one exit code");
        }
        return codes;
    }

    private static int exitCode(String text, String item) {
        int code = integer(text);
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException(item + ": an exit code is from 0 to 255");
        }
        return code;
    }

    /** Items separated by commas (or, for Capstan's own lists, whitespace); empty items are dropped. */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /**
     * supervisord's event type names, abstract ones included (supervisor/events.py EventTypes):
     * an eventlistener subscribing to any other is refused, by supervisord and so here.
     */
    private static final Set<String> EVENT_TYPES = Set.of(
            "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING",
            "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING",
            "PROCESS_STATE_UNKNOWN", "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT",
            "PROCESS_COMMUNICATION_STDERR", "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR",
            "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
            "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600", "PROCESS_GROUP",
            "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED");

    /** {@code events =}: event type names, any case, returned upper case as supervisord reads them. */
    public static List<String> eventTypes(String text) {
        List<String> types = new ArrayList<>();
        for (String item : list(text)) {
            String type = item.toUpperCase(Locale.ROOT);
            if (!EVENT_TYPES.contains(type)) {
                throw new IllegalArgumentException(item + ": not a supervisord event type"
                        + KeySuggestion.closest(type, EVENT_TYPES).map(s -> ", did you mean " + s + "?").orElse(""));
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    /** One of {@code choices}, any case; returns it lower case. */
    public static String choice(String text, String... choices) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (String c : choices) {
            if (c.equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("expected " + String.join(", ", choices));
    }

    /**
     * A process or group name as supervisord allows it: not empty, no whitespace, ':' or '/'.
     *
     * @return the name, trimmed
     */
    public static String name(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || c == ':' || c == '/') {
                throw new IllegalArgumentException("a name must not contain whitespace, ':' or '/'");
            }
        }
        return t;
    }
}
