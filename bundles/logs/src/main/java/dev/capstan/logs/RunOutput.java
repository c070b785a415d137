package dev.capstan.logs;

import dev.capstan.api.ServiceOutput;
import dev.capstan.logs.events.EventTap;
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
    private final List<EventTap> taps;

    /**
     * @param finishers flush each capture's last unfinished line
     * @param taps      the streams that make output events, which need the pid
     */
    RunOutput(Stdio stdout, Stdio stderr, LineListeners listeners, List<Runnable> finishers, List<EventTap> taps) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.listeners = listeners;
        this.finishers = List.copyOf(finishers);
        this.taps = List.copyOf(taps);
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

    @Override
    public void spawned(int pid) {
        taps.forEach(t -> t.spawned(pid));
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
