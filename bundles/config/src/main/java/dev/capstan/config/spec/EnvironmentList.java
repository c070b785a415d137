package dev.capstan.config.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * supervisord's {@code environment = KEY="value",KEY2='v,2',KEY3=plain}: pairs separated by
 * commas; a value in quotes keeps commas and spaces (no escapes inside, as in supervisord).
 * Everything supervisord accepts parses to the same map; unquoted values with spaces, which it
 * rejects, are accepted here and trimmed.
 */
public final class EnvironmentList {

    private EnvironmentList() {
    }

    /** @throws IllegalArgumentException naming the pair that is wrong */
    public static Map<String, String> parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        int i = skipSpace(text, 0);
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("expected KEY=value at '" + text.substring(i).trim() + "'");
            }
            String key = text.substring(i, eq).trim();
            checkKey(key);
            i = skipSpace(text, eq + 1);
            String value;
            if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                char quote = text.charAt(i);
                int close = text.indexOf(quote, i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException(key + ": no closing quotation");
                }
                value = text.substring(i + 1, close);
                i = skipSpace(text, close + 1);
                if (i < text.length() && text.charAt(i) != ',') {
                    throw new IllegalArgumentException(key + ": expected ',' after the quoted value");
                }
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? text.length() : comma;
                value = text.substring(i, end).trim();
                i = end;
            }
            env.put(key, value);
            i = skipSpace(text, i + 1);
        }
        return env;
    }

    /** The inverse of {@link #parse}: {@code KEY="value"}, in single quotes when the value has a double quote. */
    public static String format(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        env.forEach((key, value) -> {
            checkKey(key);
            char quote = value.indexOf('"') < 0 ? '"' : '\'';
            if (value.indexOf(quote) >= 0) {
                throw new IllegalArgumentException(key + ": a value cannot contain both ' and \"");
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(key).append('=').append(quote).append(value).append(quote);
        });
        return out.toString();
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty variable name");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '=' || c == '"' || c == '\'') {
                throw new IllegalArgumentException("'" + key + "' is not a variable name");
            }
        }
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
