package dev.capstan.config.ini;

import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;

/**
 * One {@code [section]} of an INI file, values as written (not yet expanded).
 *
 * @param name the name between the brackets, as written
 */
record IniSection(String name, KeyValues values) {

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
