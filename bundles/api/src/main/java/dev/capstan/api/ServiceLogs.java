package dev.capstan.api;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Capture, routing, rotation and tails of every service's output; implemented by the logs
 * bundle. Thread-safe.
 */
public interface ServiceLogs {

    /** Prepares the output of the next run of {@code spec}'s service. */
    ServiceOutput open(ServiceSpec spec) throws IOException;

    /**
     * The last {@code bytes} bytes a service wrote to the stream, from its log file (across the
     * newest rotation) or from the in-memory tail kept for the console.
     *
     * @throws SupervisorException {@link Fault#BAD_NAME} when no output of that service is known
     */
    byte[] tail(String name, StreamName stream, int bytes);

    /**
     * Streams new output of the service to {@code sink} as it is written, across rotations,
     * until the returned handle is closed. {@code sink} runs on a logs thread and must not block.
     */
    AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink);

    /**
     * Up to {@code length} bytes of the stream's current log from byte {@code offset} (a negative
     * offset counts from the end), and the log's size: supervisord's offset-based log reads.
     * Offsets are positions in the current log file, without its rotated copies; for a console
     * stream, in everything written since its in-memory tail began (the first start, or the last
     * {@link #clear}), of which the tail keeps the end: an offset it no longer holds reads from
     * the oldest byte it does.
     *
     * @throws SupervisorException {@link Fault#BAD_NAME} when no output of that service is known,
     *                             {@link Fault#NO_FILE} when the stream is logged nowhere or its
     *                             file does not exist, {@link Fault#FAILED} when it cannot be read
     */
    LogSlice read(String name, StreamName stream, long offset, int length);

    /** The last {@code bytes} bytes of Capstan's own log. */
    byte[] mainTail(int bytes);

    /** Streams Capstan's own new log lines to {@code sink} until the handle is closed. */
    AutoCloseable followMain(Consumer<byte[]> sink);

    /** {@link #read} for Capstan's own log, which is kept in memory. */
    LogSlice readMain(long offset, int length);

    /** Empties Capstan's own log, as supervisord's clearLog deletes its log file. */
    void clearMain();

    /** Truncates the service's log files and empties its tails ({@code clear}). */
    void clear(String name);

    /** Reopens every log file, after an external logrotate moved them (SIGUSR1/SIGUSR2). */
    void reopen();

    /** Drops what is kept for a removed service (its files stay on disk). */
    void forget(String name);
}
