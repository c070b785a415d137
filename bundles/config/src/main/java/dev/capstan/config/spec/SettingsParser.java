package dev.capstan.config.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The sections that are not services. {@code [capstan]} (alias {@code [supervisord]}) is read
 * here and nowhere else: each value is checked, with file and line when it is wrong, and
 * published as {@code dev.capstan.supervisor} already typed, so the bundles that read it (through
 * DS component property types) parse nothing:
 * <ul>
 * <li>{@code shutdown_timeout_ms}: Long, {@code shutdown_timeout} in milliseconds;</li>
 * <li>{@code childlogdir}: String;</li>
 * <li>{@code nocleanup}, {@code nodaemon}, {@code log_prefix}, {@code log_timestamps}: Boolean;</li>
 * <li>{@code log_format}: String, {@code text} or {@code json};</li>
 * <li>{@code deploy}: String[], absolute and normalized directories.</li>
 * </ul>
 * A key that is not set is not published: each reader has its default. {@code [unix_http_server]}
 * is published as {@code dev.capstan.control}, checked and normalized to strings: the octal mode
 * in four digits, the owner as written, username and password; {@code [inet_http_server]} as
 * {@code dev.capstan.inet}: {@code port} as {@code HOST:PORT} (the host empty for every
 * interface), username and password.
 */
public final class SettingsParser {

    private final UserDatabase users;

    public SettingsParser(UserDatabase users) {
        this.users = users;
    }

    /** @return the properties of {@code dev.capstan.supervisor}, typed (see the class comment) */
    public Map<String, Object> supervisor(KeyValues values, Warnings warnings) {
        Set<String> known = new TreeSet<>(KeyCatalog.SUPERVISOR);
        known.addAll(KeyCatalog.SUPERVISOR_READER);
        checkKeys(values, known, KeyCatalog.IGNORED_SUPERVISOR, warnings);
        LocatedValues v = new LocatedValues(values);
        v.get("environment", null, EnvironmentList::parse);
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "shutdown_timeout_ms", v.get("shutdown_timeout", null, t -> Values.duration(t).toMillis()));
        put(out, "childlogdir", v.get("childlogdir", null, String::trim));
        put(out, "nocleanup", v.get("nocleanup", null, Values::bool));
        put(out, "nodaemon", v.get("nodaemon", null, Values::bool));
        if (Boolean.FALSE.equals(out.get("nodaemon"))) {
            warnings.add(values.location("nodaemon"), "nodaemon=false", "Capstan always runs in the foreground");
        }
        put(out, "log_prefix", v.get("log_prefix", null, Values::bool));
        put(out, "log_timestamps", v.get("log_timestamps", null, Values::bool));
        put(out, "log_format", v.get("log_format", null, t -> Values.choice(t, "text", "json")));
        put(out, "deploy", v.get("deploy", null, SettingsParser::directories));
        put(out, "identifier", v.get("identifier", null, String::trim));
        v.throwIfFailed();
        return out;
    }

    /** {@code deploy}: absolute directories, normalized. */
    private static String[] directories(String text) {
        List<String> dirs = new ArrayList<>();
        for (String item : Values.list(text)) {
            Path dir = Path.of(item);
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException(item + " is not an absolute path (write %(here)s/" + item
                        + " for a directory next to this file)");
            }
            dirs.add(dir.normalize().toString());
        }
        return dirs.toArray(new String[0]);
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
        v.throwIfFailed();
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
        v.throwIfFailed();
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

    /** Each key is known, or ignored with a warning; any other is an error with a suggestion, all reported together. */
    public static void checkKeys(KeyValues values, Set<String> known, List<IgnoredKey> ignored, Warnings warnings) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(KeyCatalog.names(ignored));
        List<ConfigException> unknown = new ArrayList<>();
        for (String key : values.keys()) {
            if (known.contains(key)) {
                continue;
            }
            ignored.stream().filter(k -> k.key().equals(key)).findFirst().ifPresentOrElse(i -> i.warn(values, warnings),
                    () -> unknown.add(new ConfigException(values.location(key), key, KeySuggestion.unknown("key", key, all))));
        }
        if (!unknown.isEmpty()) {
            throw ConfigException.of(unknown);
        }
    }

    private static void put(Map<String, String> out, LocatedValues v, String key, Function<String, String> normalize) {
        put(out, key, v.get(key, null, normalize));
    }

    private static <T> void put(Map<String, T> out, String key, T value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
