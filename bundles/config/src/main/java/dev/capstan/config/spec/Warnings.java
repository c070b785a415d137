package dev.capstan.config.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a reader accepted but does not do as written, or does as supervisord does: an
 * unsupported key, an ignored section, a key given twice. Collected while reading so that a file
 * which fails later logs nothing half-way, and so tests can see them; {@link #log} writes them
 * once the whole file is known to be good.
 */
public final class Warnings {

    private record Warning(Location where, String text) {
    }

    private final List<Warning> warnings = new ArrayList<>();

    /** Same form as {@link ConfigException}: {@code file:line: key: message}. */
    public void add(Location where, String subject, String message) {
        warnings.add(new Warning(where, where + ": " + subject + ": " + message));
    }

    /** Puts the warnings in file order, then line order; {@code files} in the order they were read. */
    public void sort(List<String> files) {
        warnings.sort(Comparator.comparingInt((Warning w) -> files.indexOf(w.where().file()))
                .thenComparingInt(w -> w.where().line()));
    }

    public List<String> messages() {
        return warnings.stream().map(Warning::text).toList();
    }

    public void log(Logger log) {
        warnings.forEach(w -> log.warn(w.text()));
    }
}
