package dev.capstan.itests.osgi.launcher;

import dev.capstan.container.Container;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link Container} of the bundle tests: it records the shutdown requests (a service that
 * goes FATAL with {@code on_fatal = shutdown}, a configuration error at startup) instead of
 * stopping the JVM. Tests see them through the {@code Container} interface (the probe has its
 * own copy of this class): {@link #isShuttingDown()} is true once one came, and
 * {@link #toString()} lists their exit codes.
 */
public final class RecordingContainer implements Container {

    private final List<Integer> requests = new CopyOnWriteArrayList<>();

    @Override
    public void shutdown(int exitCode) {
        requests.add(exitCode);
    }

    @Override
    public boolean isShuttingDown() {
        return !requests.isEmpty();
    }

    @Override
    public String toString() {
        return "shutdown requests " + requests;
    }
}
