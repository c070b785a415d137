package dev.capstan.logs.events;

import dev.capstan.api.LogSpec;
import dev.capstan.api.OutputEventSink;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.logs.files.Reports;
import dev.capstan.process.OutputHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One stream of one run whose output makes supervisord's events: reads it (so it never takes a
 * path without copies), runs capture mode when {@code capture_maxbytes} is set, passes what is
 * log output on to the stream's own capture, and hands PROCESS_LOG bytes (with
 * {@code _events_enabled}: every byte, captured or not, as supervisord's {@code _log} does) and
 * PROCESS_COMMUNICATION data to the {@link OutputEventSink}, if one is there.
 *
 * <p>Events need the process's pid, which the engine learns when the spawn returns; output that
 * came before (a process writes at once) waits for {@link #spawned}, at most
 * {@value #MAX_WAITING} bytes, and is handed over then. The kernel's pipe thread calls
 * {@link #onOutput} and {@link #onEnd}; the engine thread {@link #spawned} and {@link #finish}.
 * All of it under this object's monitor.
 */
public final class EventTap implements OutputHandler, CaptureMode.Output {

    /** PROCESS_LOG bytes, or PROCESS_COMMUNICATION data, that came before the pid. */
    private record Waiting(byte[] data, boolean communication) {
    }

    static final int MAX_WAITING = 1024 * 1024;

    private final ServiceSpec spec;
    private final StreamName stream;
    private final boolean logEvents;
    private final CaptureMode capture;
    private final OutputHandler inner;
    private final Runnable innerFinish;
    private final Supplier<OutputEventSink> sink;
    private final Reports reports;
    private int pid;
    /** Events that came before the pid. */
    private final List<Waiting> waiting = new ArrayList<>();
    private int waitingBytes;
    private long dropped;

    /**
     * @param log         the stream's settings: {@link LogSpec#events()} and {@link LogSpec#captureMaxBytes()}
     * @param inner       the stream's own capture, which gets the log output
     * @param innerFinish flushes the inner capture's last line when the run ends
     */
    public EventTap(ServiceSpec spec, StreamName stream, LogSpec log, OutputHandler inner, Runnable innerFinish,
                    Supplier<OutputEventSink> sink, Reports reports) {
        this.spec = spec;
        this.stream = stream;
        this.logEvents = log.events();
        this.capture = log.captureMaxBytes() > 0 ? new CaptureMode(log.captureMaxBytes()) : null;
        this.inner = inner;
        this.innerFinish = innerFinish;
        this.sink = sink;
        this.reports = reports;
    }

    @Override
    public synchronized void onOutput(ByteBuffer bytes) {
        if (capture != null) {
            capture.feed(bytes, this);
            return;
        }
        if (logEvents) {
            logged(bytes.duplicate());
        }
        inner.onOutput(bytes);
    }

    @Override
    public synchronized void onEnd() {
        if (capture != null) {
            capture.finish(this);
        }
        inner.onEnd();
    }

    /** The run ended: held bytes go out, then the inner capture's last line. Idempotent. */
    public synchronized void finish() {
        if (capture != null) {
            capture.finish(this);
        }
        innerFinish.run();
    }

    /** The process's pid is known: output events that waited for it are handed over now. */
    public synchronized void spawned(int processId) {
        pid = processId;
        for (Waiting w : waiting) {
            deliver(w.data(), w.communication());
        }
        waiting.clear();
        waitingBytes = 0;
        if (dropped > 0) {
            reports.warn(spec.fullName() + ": " + dropped + " bytes of " + stream.name().toLowerCase(Locale.ROOT)
                    + " written before its pid was known made no events");
        }
    }

    @Override
    public void output(byte[] bytes, int from, int to, boolean captured) {
        if (logEvents) {
            logged(ByteBuffer.wrap(bytes, from, to - from));
        }
        if (!captured) {
            inner.onOutput(ByteBuffer.wrap(bytes, from, to - from));
        }
    }

    @Override
    public void communicated(byte[] data) {
        if (pid == 0) {
            hold(data, true);
        } else {
            deliver(data, true);
        }
    }

    private void logged(ByteBuffer bytes) {
        if (pid == 0) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            hold(copy, false);
            return;
        }
        OutputEventSink s = sink.get();
        if (s != null) {
            s.logged(spec, pid, stream, bytes);
        }
    }

    private void hold(byte[] data, boolean communication) {
        if (waitingBytes + data.length > MAX_WAITING) {
            dropped += data.length;
            return;
        }
        waitingBytes += data.length;
        waiting.add(new Waiting(data, communication));
    }

    private void deliver(byte[] data, boolean communication) {
        OutputEventSink s = sink.get();
        if (s == null) {
            return;
        }
        if (communication) {
            s.communicated(spec, pid, stream, data);
        } else {
            s.logged(spec, pid, stream, ByteBuffer.wrap(data));
        }
    }
}
