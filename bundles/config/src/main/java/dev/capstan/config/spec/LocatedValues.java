package dev.capstan.config.spec;

import java.util.function.Function;

/**
 * Typed reading of {@link KeyValues}: a value that does not parse becomes a
 * {@link ConfigException} at the key's line, {@code startsecs=abc: not a number}.
 */
final class LocatedValues {

    private final KeyValues values;

    LocatedValues(KeyValues values) {
        this.values = values;
    }

    boolean has(String key) {
        return values.has(key);
    }

    /** The parsed value, or {@code fallback} when the key is not set. */
    <T> T get(String key, T fallback, Function<String, T> parse) {
        String text = values.get(key);
        return text == null ? fallback : parse(key, text, parse);
    }

    <T> T parse(String key, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(key, problemOf(text, e));
        }
    }

    ConfigException error(String key, String problem) {
        String text = values.get(key);
        String subject = text == null ? key : key + "=" + oneLine(text);
        return new ConfigException(values.location(key), subject, problem);
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
