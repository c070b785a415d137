package dev.capstan.config.spec;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The sections that are not services: {@code [capstan]} (alias {@code [supervisord]}), published
 * as {@code dev.capstan.supervisor}, {@code [unix_http_server]}, published as
 * {@code dev.capstan.control}, and {@code [inet_http_server]}, published as {@code dev.capstan.inet}. Values are checked here and published normalized, so the bundles
 * that read them need no parsing of their own: booleans {@code true}/{@code false}, sizes in
 * bytes, durations in (decimal) seconds, choices in lower case.
 */
public final class SettingsParser {

    private final UserDatabase users;

    public SettingsParser(UserDatabase users) {
        this.users = users;
    }

    /** @return the properties of {@code dev.capstan.supervisor} */
    public Map<String, String> supervisor(KeyValues values, Warnings warnings) {
        Set<String> known = new TreeSet<>(KeyCatalog.SUPERVISOR);
        known.addAll(KeyCatalog.SUPERVISOR_READER);
        checkKeys(values, known, KeyCatalog.IGNORED_SUPERVISOR, warnings);
        LocatedValues v = new LocatedValues(values);
        v.get("environment", null, EnvironmentList::parse);
        Map<String, String> out = new LinkedHashMap<>();
        put(out, v, "childlogdir", String::trim);
        put(out, v, "nocleanup", t -> Boolean.toString(Values.bool(t)));
        put(out, v, "nodaemon", t -> Boolean.toString(Values.bool(t)));
        if ("false".equals(out.get("nodaemon"))) {
            warnings.add(values.location("nodaemon"), "nodaemon=false", "Capstan always runs in the foreground");
        }
        put(out, v, "shutdown_timeout", t -> seconds(Values.duration(t)));
        put(out, v, "log_prefix", t -> Boolean.toString(Values.bool(t)));
        put(out, v, "log_timestamps", t -> Boolean.toString(Values.bool(t)));
        put(out, v, "log_format", t -> Values.choice(t, "text", "json"));
        put(out, v, "deploy", SettingsParser::directories);
        put(out, v, "identifier", String::trim);
        return out;
    }

    /** {@code deploy}: absolute directories, normalized, published comma-separated. */
    private static String directories(String text) {
        List<String> dirs = new ArrayList<>();
        for (String item : Values.list(text)) {
            Path dir = Path.of(item);
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException(item + " is not an absolute path (write %(here)s/" + item
                        + " for a directory next to this file)");
            }
            dirs.add(dir.normalize().toString());
        }
        return String.join(",", dirs);
    }

    /** @return the properties of {@code dev.capstan.control} */
    public Map<String, String> control(KeyValues values, Warnings warnings) {
        checkKeys(values, KeyCatalog.CONTROL, List.of(), warnings);
        LocatedValues v = new LocatedValues(values);
        Map<String, String> out = new LinkedHashMap<>();
        put(out, v, "file", String::trim);
        put(out, v, "chmod", t -> String.format("%04o", Values.octal(t)));
        put(out, v, "chown", t -> {
            users.lookup(t);
            return t.trim();
        });
        credentials(out, v, values);
        return out;
    }

    /**
     * @return the properties of {@code dev.capstan.inet}: {@code port} as {@code HOST:PORT}, the
     *         host empty for every interface ({@code *:9001}, {@code :9001} and {@code 9001} alike)
     */
    public Map<String, String> inet(KeyValues values, Warnings warnings) {
        checkKeys(values, KeyCatalog.INET_HTTP, List.of(), warnings);
        if (!values.has("port")) {
            throw new ConfigException(values.origin(), "port", "missing: [inet_http_server] needs port = HOST:PORT");
        }
        LocatedValues v = new LocatedValues(values);
        Map<String, String> out = new LinkedHashMap<>();
        put(out, v, "port", SettingsParser::hostPort);
        credentials(out, v, values);
        return out;
    }

    /** supervisord's {@code username} and {@code password}: a password without a username means nothing. */
    private static void credentials(Map<String, String> out, LocatedValues v, KeyValues values) {
        put(out, v, "username", String::trim);
        put(out, v, "password", String::trim);
        if (out.containsKey("password") && !out.containsKey("username")) {
            throw new ConfigException(values.location("password"), "password", "set without username");
        }
    }

    /** supervisord's {@code inet_address}: {@code host:port}, {@code *:port}, {@code :port} or {@code port}. */
    static String hostPort(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String port = t.substring(colon + 1).trim();
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("not a port number: " + (port.isEmpty() ? "none given" : port));
        }
        return (host.equals("*") ? "" : host) + ":" + number;
    }

    /** Each key is known, or ignored with a warning; anything else is an error with a suggestion. */
    public static void checkKeys(KeyValues values, Set<String> known, List<IgnoredKey> ignored, Warnings warnings) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(KeyCatalog.names(ignored));
        for (String key : values.keys()) {
            if (known.contains(key)) {
                continue;
            }
            IgnoredKey i = ignored.stream().filter(k -> k.key().equals(key)).findFirst()
                    .orElseThrow(() -> new ConfigException(values.location(key), key, KeySuggestion.unknown("key", key, all)));
            i.warn(values, warnings);
        }
    }

    private static void put(Map<String, String> out, LocatedValues v, String key, Function<String, String> normalize) {
        String value = v.get(key, null, normalize);
        if (value != null) {
            out.put(key, value);
        }
    }

    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
