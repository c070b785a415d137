package dev.capstan.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one output stream of a service goes: {@code stdout_logfile} (or {@code stderr_logfile})
 * with its {@code _maxbytes} and {@code _backups}.
 *
 * @param target   console, a file, AUTO (a file in childlogdir) or NONE
 * @param file     the file when target is FILE, else null
 * @param maxBytes rotate when the file would pass this size; 0 never rotates
 * @param backups  rotated copies kept ({@code x.log.1} ... {@code x.log.N})
 */
public record LogSpec(Target target, Path file, long maxBytes, int backups) {

    public enum Target {
        /** Capstan's own stdout (or stderr for the stderr stream), each line prefixed. */
        CONSOLE,
        FILE,
        AUTO,
        NONE
    }

    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    public static final int DEFAULT_BACKUPS = 10;

    public static final LogSpec CONSOLE_DEFAULT = new LogSpec(Target.CONSOLE, null, DEFAULT_MAX_BYTES, DEFAULT_BACKUPS);

    public LogSpec {
        Objects.requireNonNull(target, "target");
        if ((target == Target.FILE) != (file != null)) {
            throw new IllegalArgumentException("a file is given exactly when the target is FILE");
        }
        if (maxBytes < 0 || backups < 0) {
            throw new IllegalArgumentException("maxbytes and backups must not be negative");
        }
    }
}
