package dev.capstan.config.spec;

import java.util.Objects;

/**
 * Where a key or a section was written: a file and a line, or just a source (a configuration
 * PID, a deploy file without line numbers) when the line is 0.
 */
public record Location(String file, int line) {

    public Location {
        Objects.requireNonNull(file, "file");
    }

    /** A source without line numbers. */
    public static Location of(String file) {
        return new Location(file, 0);
    }

    public Location atLine(int newLine) {
        return new Location(file, newLine);
    }

    /** {@code file:line}, or {@code file} when the line is unknown: the prefix of every message. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
