package dev.capstan.config.ini;

import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import java.nio.file.Path;

/**
 * One {@code [section]} of an INI file, values as written (not yet expanded).
 *
 * @param file the file it is in, whose directory is {@code %(here)s}; null for a bundle resource
 */
record IniSection(String name, KeyValues values, Path file) {

    Location header() {
        return values.origin();
    }

    /** {@code program} for {@code [program:web]}, the whole name for {@code [supervisord]}. */
    String kind() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** {@code web} for {@code [program:web]}; null for a section without a colon. */
    String suffix() {
        int colon = name.indexOf(':');
        return colon < 0 ? null : name.substring(colon + 1).trim();
    }
}
