package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a reader accepted but does not do as supervisord would: an unsupported key, an ignored
 * section. Collected while reading so that a file which fails later logs nothing half-way, and so
 * tests can see them; {@link #log} writes them once the whole file is known to be good.
 */
public final class Warnings {

    private final List<String> messages = new ArrayList<>();

    /** Same form as {@link ConfigException}: {@code file:line: key: message}. */
    public void add(Location where, String subject, String message) {
        messages.add(where + ": " + subject + ": " + message);
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    public void log(Logger log) {
        messages.forEach(log::warn);
    }
}
