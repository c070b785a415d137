package dev.capstan.config.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One service's (or one section's) settings as a reader found them: INI key names, string
 * values, and where each key was written. Every reader produces these and the one parser reads
 * them, so an error points into the file whatever its format.
 */
public final class KeyValues {

    private final Location origin;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Location> locations = new LinkedHashMap<>();

    /** @param origin the section header, the YAML list entry or the configuration PID */
    public KeyValues(Location origin) {
        this.origin = origin;
    }

    public Location origin() {
        return origin;
    }

    /** Sets a key, replacing an earlier value (readers check duplicates where the format forbids them). */
    public KeyValues put(String key, String value, Location where) {
        values.put(key, value);
        locations.put(key, where);
        return this;
    }

    public KeyValues remove(String key) {
        values.remove(key);
        locations.remove(key);
        return this;
    }

    /** The value, or null when the key is not set. */
    public String get(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Where the key was written; the origin when it was not. */
    public Location location(String key) {
        return locations.getOrDefault(key, origin);
    }

    /** Keys in the order they were written. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public KeyValues copy() {
        KeyValues copy = new KeyValues(origin);
        values.forEach((k, v) -> copy.put(k, v, locations.get(k)));
        return copy;
    }
}
