package dev.capstan.shell.test;

import dev.capstan.container.Container;

/** A Container that only remembers the shutdown asked of it. */
public final class RecordingContainer implements Container {
    public volatile Integer exitCode;

    @Override
    public void shutdown(int exitCode) {
        if (this.exitCode == null) {
            this.exitCode = exitCode;
        }
    }

    @Override
    public boolean isShuttingDown() {
        return exitCode != null;
    }
}
