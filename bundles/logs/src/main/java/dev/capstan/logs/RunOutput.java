package dev.capstan.logs;

import dev.capstan.api.ServiceOutput;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.process.Stdio;
import java.util.List;
import java.util.function.Consumer;

/** The output wiring of one run of one service ({@link LogBook#open}). */
final class RunOutput implements ServiceOutput {

    private final Stdio stdout;
    private final Stdio stderr;
    private final LineListeners listeners;
    private final List<Runnable> finishers;

    /** @param finishers flush each capture's last unfinished line */
    RunOutput(Stdio stdout, Stdio stderr, LineListeners listeners, List<Runnable> finishers) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.listeners = listeners;
        this.finishers = List.copyOf(finishers);
    }

    @Override
    public Stdio stdout() {
        return stdout;
    }

    @Override
    public Stdio stderr() {
        return stderr;
    }

    @Override
    public AutoCloseable onLine(Consumer<String> listener) {
        return listeners.add(listener);
    }

    /**
     * Flushes last lines without a newline. Output that still arrives afterwards (a grandchild
     * holding the pipe) is logged as usual and flushed by the pipe's own end.
     */
    @Override
    public void close() {
        finishers.forEach(Runnable::run);
    }
}
