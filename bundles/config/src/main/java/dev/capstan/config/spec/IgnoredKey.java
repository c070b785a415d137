package dev.capstan.config.spec;

import java.util.Locale;
import java.util.Set;

/**
 * A key supervisord has and Capstan reads but does not implement. Setting it logs a warning with
 * file, line and {@link #reason}, unless the value is one that means supervisord's default: then
 * nothing behaves differently and there is nothing to warn about.
 *
 * @param harmless values (lower case) that ask for supervisord's default behaviour
 */
public record IgnoredKey(String key, String reason, Set<String> harmless) {

    static final Set<String> FALSE = Set.of("false", "no", "off", "0");

    public IgnoredKey(String key, String reason, String... harmless) {
        this(key, reason, Set.of(harmless));
    }

    /** Whether setting it to {@code value} changes what supervisord would do. */
    public boolean matters(String value) {
        return !harmless.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    public void warn(KeyValues values, Warnings warnings) {
        if (values.has(key) && matters(values.get(key))) {
            warnings.add(values.location(key), key, "not implemented by Capstan, ignored (" + reason + ")");
        }
    }
}
