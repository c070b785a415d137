package dev.capstan.engine;

import dev.capstan.container.Container;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The engine's edge to the launcher: records each shutdown request (the launcher would exit with it). */
final class RecordingContainer implements Container {
    final List<Integer> shutdowns = new CopyOnWriteArrayList<>();

    @Override
    public void shutdown(int exitCode) {
        shutdowns.add(exitCode);
    }

    @Override
    public boolean isShuttingDown() {
        return !shutdowns.isEmpty();
    }
}
