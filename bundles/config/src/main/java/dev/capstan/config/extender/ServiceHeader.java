package dev.capstan.config.extender;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Capstan-Service} manifest header: services written in the manifest, for bundles
 * that would rather not carry a resource. The syntax is the usual OSGi header syntax:
 *
 * <pre>
 * Capstan-Service: dbus;command="dbus-daemon --system --nofork";priority=10;ready=notify:3,
 *  avahi;command="avahi-daemon --no-drop-root";depends_on=dbus:ready
 * </pre>
 *
 * Services are separated by commas, each starts with its name, followed by {@code key=value}
 * attributes separated by semicolons; the keys are the INI keys of docs/configuration.md. A value
 * with a comma, a semicolon or spaces is written in double quotes, in which {@code \"} and
 * {@code \\} stand for {@code "} and {@code \}. Values are taken as written: no {@code %(...)s}
 * expansion, as in {@code deploy/*.cfg}.
 */
final class ServiceHeader {

    static final String NAME = "Capstan-Service";

    private ServiceHeader() {
    }

    /**
     * @param source what locations name: the bundle and the header
     * @throws ConfigException naming the service (by position) and the problem
     */
    static List<KeyValues> parse(String header, String source) {
        List<KeyValues> services = new ArrayList<>();
        List<String> clauses = split(header, ',', Location.of(source));
        for (int i = 0; i < clauses.size(); i++) {
            Location where = Location.of(source + ", service " + (i + 1));
            List<String> parts = split(clauses.get(i), ';', where);
            String name = parts.get(0).strip();
            if (name.isEmpty() || name.contains("=")) {
                throw new ConfigException(where, null, "expected the service name first, as in web;command=...");
            }
            KeyValues values = new KeyValues(where).put("name", name, where);
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(where, part.strip(), "expected key=value");
                }
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (values.has(key)) {
                    throw new ConfigException(where, key, "given twice");
                }
                values.put(key, unquoted(part.substring(eq + 1).strip(), where), where);
            }
            services.add(values);
        }
        return services;
    }

    /** Splits at the separator outside double quotes; quotes are kept for {@link #unquoted}. */
    private static List<String> split(String text, char separator, Location where) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new ConfigException(where, null, "a double quote is not closed");
        }
        parts.add(current.toString());
        for (String part : parts) {
            if (part.isBlank()) {
                throw new ConfigException(where, null, "empty entry between two '" + separator + "'");
            }
        }
        return parts;
    }

    private static String unquoted(String value, Location where) {
        if (!value.startsWith("\"")) {
            return value;
        }
        if (value.length() < 2 || !value.endsWith("\"")) {
            throw new ConfigException(where, value, "text after the closing double quote");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                throw new ConfigException(where, value, "text after the closing double quote");
            }
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
