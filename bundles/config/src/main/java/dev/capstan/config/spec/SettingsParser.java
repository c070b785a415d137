package dev.capstan.config.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * interface), username and password; {@code [etcd]} as {@code dev.capstan.etcd} ({@link #etcd}).
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

    /**
     * @return the properties of {@code dev.capstan.etcd}: {@code endpoints} (String[], each
     *         {@code http://HOST:PORT} or {@code https://HOST:PORT}), {@code prefix} (ending in
     *         {@code /}; {@code /nodes/NODE/} by default), {@code node}, {@code commit_key},
     *         {@code username}, {@code password}, {@code ca_file}, {@code cert_file},
     *         {@code key_file} (absolute paths of readable files), {@code hook_timeout_ms} (Long);
     *         a key that is not set is not published
     */
    public Map<String, Object> etcd(KeyValues values, Warnings warnings) {
        checkKeys(values, KeyCatalog.ETCD, List.of(), warnings);
        if (!values.has("endpoints")) {
            throw new ConfigException(values.origin(), "endpoints", "missing: [etcd] needs endpoints = http://HOST:2379, ...");
        }
        LocatedValues v = new LocatedValues(values);
        Map<String, Object> out = new LinkedHashMap<>();
        String[] endpoints = v.get("endpoints", new String[0], SettingsParser::endpoints);
        out.put("endpoints", endpoints);
        String node = v.get("node", null, SettingsParser::node);
        put(out, "node", node);
        if (values.has("prefix")) {
            put(out, "prefix", v.get("prefix", null, SettingsParser::prefix));
        } else if (node != null) {
            out.put("prefix", "/nodes/" + node + "/");
        } else if (!v.failed("node")) {
            throw new ConfigException(values.origin(), "prefix", "missing: set node = (the prefix is then /nodes/NODE/) or prefix =");
        }
        put(out, "commit_key", v.get("commit_key", null, SettingsParser::key));
        put(out, "username", v.get("username", null, String::trim));
        put(out, "password", v.get("password", null, String::trim));
        if (out.containsKey("username") != out.containsKey("password")) {
            String set = out.containsKey("username") ? "username" : "password";
            // Not v.fail, whose message would hold the value: a password has no place in a log.
            throw new ConfigException(values.location(set), set, "set without " + (set.equals("username") ? "password" : "username"));
        }
        for (String file : List.of("ca_file", "cert_file", "key_file")) {
            put(out, file, v.get(file, null, SettingsParser::readableFile));
        }
        if (values.has("cert_file") != values.has("key_file")) {
            String set = values.has("cert_file") ? "cert_file" : "key_file";
            v.fail(set, "set without " + (set.equals("cert_file") ? "key_file" : "cert_file") + ": a client certificate needs its key");
        }
        boolean tls = false;
        for (String endpoint : endpoints) {
            tls |= endpoint.startsWith("https:");
        }
        for (String file : List.of("ca_file", "cert_file")) {
            if (out.containsKey(file) && !tls) {
                warnings.add(values.location(file), file, "no endpoint is https://, so it is not used");
            }
        }
        put(out, "hook_timeout_ms", v.get("hook_timeout", null, t -> Values.duration(t).toMillis()));
        v.throwIfFailed();
        return out;
    }

    /** etcd's client URLs: {@code http://HOST:PORT}, {@code https://HOST:PORT}, or {@code HOST:PORT} for http. */
    static String[] endpoints(String text) {
        List<String> out = new ArrayList<>();
        for (String item : Values.list(text)) {
            String url = item.contains("://") ? item : "http://" + item;
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(item + ": not a URL (" + e.getReason() + ")");
            }
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(item + ": not http:// or https://");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw new IllegalArgumentException(item + ": expected " + scheme + "://HOST:PORT (etcd's gateway is at the root)");
            }
            out.add(scheme + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 2379 : uri.getPort()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        return out.toArray(new String[0]);
    }

    /** A node id is one part of a key: no slash, no whitespace. */
    private static String node(String text) {
        String node = text.trim();
        if (node.isEmpty() || node.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a node id is one part of a key: not empty, no / and no whitespace");
        }
        return node;
    }

    /** The keys' prefix, ending in {@code /} so that {@code /nodes/n1} never reads {@code /nodes/n10/}. */
    private static String prefix(String text) {
        String prefix = key(text);
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static String key(String text) {
        String key = text.trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty: an etcd key is needed");
        }
        return key;
    }

    private static String readableFile(String text) {
        Path file = Path.of(text.trim());
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException(text.trim() + " is not an absolute path (write %(here)s/" + text.trim()
                    + " for a file next to this one)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such readable file");
        }
        return file.normalize().toString();
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
