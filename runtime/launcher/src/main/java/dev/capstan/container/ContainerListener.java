package dev.capstan.container;

import java.time.Duration;

/**
 * Whiteboard service: hears the signals the launcher handles for the whole container.
 * {@link #reload} and {@link #reopenLogs} are called on the launcher's signal thread, one call at
 * a time, in the order the signals came; {@link #beforeShutdown} once, on the launcher's shutdown
 * thread, which may overlap a reload still running. A listener that throws is logged and skipped.
 */
public interface ContainerListener {

    /** SIGHUP: re-read the configuration and apply the difference. */
    default void reload() {
    }

    /** SIGUSR1 or SIGUSR2: reopen log files that an external logrotate moved. */
    default void reopenLogs() {
    }

    /**
     * SIGTERM, SIGINT or {@link Container#shutdown}: called before the framework stops, so that
     * every service is stopped in order while the whole engine is still there. May block, at most
     * for the shutdown deadline the listener knows from its configuration.
     */
    default void beforeShutdown() {
    }

    /**
     * The longest {@link #beforeShutdown} may take: the launcher gives the whole shutdown this
     * much (the longest of all listeners') and a margin, then kills what is left and exits with
     * the code asked for, whatever still blocks.
     */
    default Duration shutdownTimeout() {
        return Duration.ZERO;
    }
}
