package dev.capstan.testing;

import dev.capstan.container.Container;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The launcher's {@link Container} for tests: records each shutdown asked of it (a service that
 * ends with {@code exit_on_end}, goes FATAL with {@code on_fatal = shutdown}, the
 * {@code shutdown} command) instead of stopping the JVM. {@link #isShuttingDown()} is true once
 * one came. Thread-safe.
 */
public final class RecordingContainer implements Container {

    /** Every exit code asked for, in order. */
    public final List<Integer> shutdowns = new CopyOnWriteArrayList<>();
    /** The first exit code asked for, the one the launcher would exit with (the first wins); null before. */
    public volatile Integer exitCode;

    @Override
    public synchronized void shutdown(int exitCode) {
        if (this.exitCode == null) {
            this.exitCode = exitCode;
        }
        shutdowns.add(exitCode);
    }

    @Override
    public boolean isShuttingDown() {
        return exitCode != null;
    }

    @Override
    public String toString() {
        return "shutdown requests " + shutdowns;
    }
}
