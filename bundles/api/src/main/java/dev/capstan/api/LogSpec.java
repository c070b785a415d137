package dev.capstan.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one output stream of a service goes: {@code stdout_logfile} (or {@code stderr_logfile})
 * with its {@code _maxbytes} and {@code _backups}, and which of supervisord's output events it
 * makes ({@code stdout_events_enabled}, {@code stdout_capture_maxbytes}; see
 * {@link OutputEventSink}).
 *
 * @param target          console, a file, AUTO (a file in childlogdir) or NONE
 * @param file            the file when target is FILE, else null
 * @param maxBytes        rotate when the file would pass this size; 0 never rotates
 * @param backups         rotated copies kept ({@code x.log.1} ... {@code x.log.N})
 * @param events          PROCESS_LOG events of what the stream writes ({@code _events_enabled})
 * @param captureMaxBytes capture mode: what the stream writes between supervisord's
 *                        {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is a
 *                        PROCESS_COMMUNICATION event, kept to about this size, instead of output;
 *                        0 turns capture mode off ({@code _capture_maxbytes})
 */
public record LogSpec(Target target, Path file, long maxBytes, int backups, boolean events, long captureMaxBytes) {

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
        if (maxBytes < 0 || backups < 0 || captureMaxBytes < 0) {
            throw new IllegalArgumentException("maxbytes, backups and capture_maxbytes must not be negative");
        }
    }

    /** A stream that makes no output events. */
    public LogSpec(Target target, Path file, long maxBytes, int backups) {
        this(target, file, maxBytes, backups, false, 0);
    }

    /** Whether something other than the log needs this stream's bytes: its output events. */
    public boolean makesEvents() {
        return events || captureMaxBytes > 0;
    }

    /** This stream, making the given output events. */
    public LogSpec withEvents(boolean logEvents, long captureBytes) {
        return new LogSpec(target, file, maxBytes, backups, logEvents, captureBytes);
    }
}
