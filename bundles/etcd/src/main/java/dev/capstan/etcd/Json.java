package dev.capstan.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * etcd's JSON, read by SnakeYAML (JSON is YAML's flow style, and the runtime ships SnakeYAML
 * already). SnakeYAML reads YAML 1.1, which has no {@code \/} escape; the gateway never writes
 * one (Go escapes only quotes, backslashes, control characters and {@code <>&}, as {@code \}u).
 * int64 fields come as strings ({@code "revision":"42"}), keys and values in base64.
 */
final class Json {

    private Json() {
    }

    /**
     * @param maxChars the longest text accepted (SnakeYAML's own limit)
     * @throws EtcdException when it is not a JSON object
     */
    static Map<String, Object> object(byte[] utf8, int maxChars) throws EtcdException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxChars);
        Object value;
        try {
            value = new Yaml(new SafeConstructor(options)).load(new String(utf8, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw new EtcdException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(value instanceof Map)) {
            throw new EtcdException("not a JSON object: " + abbreviated(utf8));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /** The object under {@code name}, or an empty one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> in, String name) {
        Object value = in.get(name);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** The objects in the array under {@code name}, or none. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> in, String name) {
        Object value = in.get(name);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    /** An int64, which the gateway writes as a string; 0 when absent (proto3 leaves out zero). */
    static long number(Map<String, Object> in, String name) throws EtcdException {
        Object value = in.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new EtcdException(name + " is not a number: " + value);
        }
    }

    static boolean flag(Map<String, Object> in, String name) {
        return Boolean.TRUE.equals(in.get(name));
    }

    static String text(Map<String, Object> in, String name) {
        Object value = in.get(name);
        return value == null ? "" : value.toString();
    }

    /** A bytes field: base64 in JSON, read as UTF-8. */
    static String bytes(Map<String, Object> in, String name) throws EtcdException {
        try {
            return new String(Base64.getDecoder().decode(text(in, name)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EtcdException(name + " is not base64: " + e.getMessage());
        }
    }

    /** A bytes field as the gateway wants it. */
    static String base64(String utf8) {
        return Base64.getEncoder().encodeToString(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** A string as a JSON string literal. */
    static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String abbreviated(byte[] utf8) {
        String text = new String(utf8, 0, Math.min(utf8.length, 200), StandardCharsets.UTF_8).strip();
        return utf8.length > 200 ? text + "..." : text;
    }
}
