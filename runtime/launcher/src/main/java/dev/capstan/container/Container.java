package dev.capstan.container;

/** The running Capstan process as a whole. Registered by the launcher; thread-safe. */
public interface Container {

    /**
     * Asks for the orderly shutdown a SIGTERM starts, ending with the JVM exiting with
     * {@code exitCode}. Returns at once; the first request's code wins.
     */
    void shutdown(int exitCode);

    /** Whether a shutdown has begun (by signal or by {@link #shutdown}). */
    boolean isShuttingDown();
}
