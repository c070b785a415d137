package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reading of {@link KeyValues}: a value that does not parse becomes a
 * {@link ConfigException} at the key's line, {@code startsecs=abc: not a number}. Problems are
 * collected, the key reading as its default meanwhile, so that every bad key of a section is
 * reported at once ({@link #throwIfFailed}).
 */
final class LocatedValues {

    private final KeyValues values;
    private final List<ConfigException> problems = new ArrayList<>();
    private final Set<String> failed = new HashSet<>();

    LocatedValues(KeyValues values) {
        this.values = values;
    }

    boolean has(String key) {
        return values.has(key);
    }

    /** The parsed value; {@code fallback} when the key is not set, or (the problem noted) when it does not parse. */
    <T> T get(String key, T fallback, Function<String, T> parse) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            fail(key, problemOf(text, e));
            return fallback;
        }
    }

    /** @throws ConfigException at once, for a value nothing can go on without */
    <T> T parse(String key, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(key, problemOf(text, e));
        }
    }

    /** Notes a problem with the key and goes on. */
    void fail(String key, String problem) {
        problems.add(error(key, problem));
        failed.add(key);
    }

    /** Whether a problem with the key was noted. */
    boolean failed(String key) {
        return failed.contains(key);
    }

    ConfigException error(String key, String problem) {
        String text = values.get(key);
        String subject = text == null ? key : key + "=" + oneLine(text);
        return new ConfigException(values.location(key), subject, problem);
    }

    /** @throws ConfigException holding every problem noted so far */
    void throwIfFailed() {
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
    }

    /** Drops a repeated "value: " at the start of a message that already names the value. */
    private static String problemOf(String text, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = text.trim() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String oneLine(String text) {
        String t = text.replace('\n', ' ');
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
