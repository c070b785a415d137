package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;

/**
 * A configuration of {@code dev.capstan.service} as the key/values the parser reads, whoever made
 * it: this bundle's publisher (with {@code capstan.origin}), FileInstall from
 * {@code deploy/dev.capstan.service-web.cfg}, or any other ConfigAdmin client.
 */
final class ConfigurationProperties {

    /** Set by FileInstall on the configurations it makes: the file's URL. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private ConfigurationProperties() {
    }

    static KeyValues toKeyValues(String pid, Dictionary<String, ?> properties) {
        Location origin = origin(pid, properties);
        KeyValues values = new KeyValues(origin);
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!isAdministrative(key)) {
                values.put(key, text(properties.get(key)), origin);
            }
        }
        if (!values.has("name")) {
            String name = defaultName(pid, properties);
            if (name != null) {
                values.put("name", name, origin);
            }
        }
        return values;
    }

    /** ConfigAdmin's, FileInstall's and Capstan's own bookkeeping; never a service key (those have no dots). */
    private static boolean isAdministrative(String key) {
        return key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("capstan.")
                || key.startsWith("component.") || key.startsWith(":");
    }

    /** Where the configuration came from: the file and line the publisher recorded, the .cfg file, or the PID. */
    static Location origin(String pid, Dictionary<String, ?> properties) {
        Object origin = properties.get(ConfigurationPids.ORIGIN);
        if (origin != null) {
            String text = origin.toString();
            int colon = text.lastIndexOf(':');
            if (colon > 0 && colon + 1 < text.length() && text.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                return new Location(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            }
            return Location.of(text);
        }
        Path file = fileInstallPath(properties);
        return Location.of(file != null ? file.toString() : "configuration " + pid);
    }

    /**
     * FileInstall names factory configurations {@code PID-NAME.cfg} and splits at the first '-':
     * {@code dev.capstan.service-web.cfg} is the service {@code web}. A named factory configuration
     * ({@code dev.capstan.service~web}) gives its name too.
     */
    static String defaultName(String pid, Dictionary<String, ?> properties) {
        Path file = fileInstallPath(properties);
        if (file != null) {
            String base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            base = dot > 0 ? base.substring(0, dot) : base;
            int dash = base.indexOf('-');
            return dash < 0 ? null : base.substring(dash + 1);
        }
        int tilde = pid.indexOf('~');
        return tilde < 0 ? null : pid.substring(tilde + 1);
    }

    private static Path fileInstallPath(Dictionary<String, ?> properties) {
        Object url = properties.get(FILEINSTALL_FILENAME);
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.toString());
            return uri.getScheme() == null ? Path.of(url.toString()) : Path.of(uri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Path.of(url.toString());
        }
    }

    /** Typed .config values and arrays read as the INI text they stand for. */
    private static String text(Object value) {
        if (value instanceof Collection) {
            List<String> items = new ArrayList<>();
            ((Collection<?>) value).forEach(v -> items.add(String.valueOf(v)));
            return String.join(",", items);
        }
        if (value != null && value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", items);
        }
        return String.valueOf(value);
    }
}
