package dev.capstan.api;

import dev.capstan.process.Stdio;
import java.util.function.Consumer;

/**
 * The output wiring of one run of one service, made by {@link ServiceLogs#open} before the spawn.
 * The engine gives {@link #stdout()} and {@link #stderr()} to the kernel and closes this when the
 * run's process has exited.
 */
public interface ServiceOutput extends AutoCloseable {

    Stdio stdout();

    Stdio stderr();

    /**
     * Calls {@code listener} with every complete line (without its newline) the service writes to
     * stdout or stderr, on the kernel's pipe-reader thread. Used by {@code log:REGEX} readiness.
     * Works only when the stream goes through Capstan (not when a file is the child's stdout);
     * {@link ServiceLogs#open} keeps it so when the spec has a log readiness check.
     *
     * @return closing it removes the listener
     */
    AutoCloseable onLine(Consumer<String> listener);

    /**
     * The run's process exists with this pid. Called on the engine thread right after the spawn,
     * before {@link #close()}; output that came earlier and makes events ({@link OutputEventSink})
     * is handed over now, with its pid.
     */
    default void spawned(int pid) {
    }

    /** The run is over: flush a last line that had no newline. Idempotent. */
    @Override
    void close();
}
