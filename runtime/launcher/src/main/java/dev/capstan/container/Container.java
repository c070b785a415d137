package dev.capstan.container;

/** The running Capstan process as a whole. Registered by the launcher; thread-safe. */
public interface Container {

    /**
     * Asks for the orderly shutdown a SIGTERM starts, ending with the JVM exiting with
     * {@code exitCode}. Returns at once; the first request's code wins. When Capstan runs an
     * s6-overlay tree the code is written to s6-overlay's exit code file, and the container
     * exits with what that file holds at the end (a finish script may still change it).
     */
    void shutdown(int exitCode);

    /**
     * The orderly shutdown exactly as SIGTERM starts it: exit code 0, or with an s6-overlay tree
     * what its exit code file holds at the end (s6-overlay's {@code halt}). Returns at once.
     */
    default void halt() {
        shutdown(0);
    }

    /** Whether a shutdown has begun (by signal or by {@link #shutdown}). */
    boolean isShuttingDown();
}
