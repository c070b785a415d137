package dev.capstan.events.pool;

import dev.capstan.api.ClaimedStdio;
import dev.capstan.api.ServiceSpec;
import dev.capstan.events.protocol.Envelope;
import dev.capstan.events.protocol.ListenerProtocol;
import dev.capstan.events.protocol.ListenerState;
import dev.capstan.events.protocol.PythonText;
import dev.capstan.process.Child;
import dev.capstan.process.InputPipe;
import dev.capstan.process.OutputHandler;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of one event listener, from its spawn until it is reaped: the stdin Capstan writes
 * events to (the kernel's {@link InputPipe}, which never blocks), the stdout it answers on (read
 * by the kernel and handed to {@link #onOutput}), its protocol state, and the event it holds
 * while BUSY.
 *
 * <p>When it answers {@code OK} the event is done; any other answer, a protocol violation, or its
 * death while BUSY gives the event back to its pool, first in line. A {@code result_handler} other
 * than supervisord's default cannot run in Capstan: then every answer is done. A listener that
 * breaks the protocol is UNKNOWN and gets nothing more, as under supervisord; Capstan also sends it its stop
 * signal, so it restarts (or goes FATAL) under its own autorestart rules instead of running on
 * deaf.
 *
 * <p>The engine thread calls {@link #spawned} and {@link #close}; the kernel's pipe threads call
 * {@link #onOutput}. Each takes the hub's lock.
 */
final class ListenerProcess implements ClaimedStdio, OutputHandler, ListenerProtocol.Reactions {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerProcess.class);

    /** The most an event's header and payload may take; larger events are dropped with an error. */
    static final int STDIN_CAPACITY = 4 * 1024 * 1024 + 64 * 1024;
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final ServiceSpec spec;
    private final ListenerPool pool;
    private final EventHub hub;
    private final ListenerProtocol protocol = new ListenerProtocol();
    private Child child;
    private InputPipe stdin;
    /** The event it was sent and has not answered, while BUSY. */
    private SupervisorEvent event;
    private boolean saidReady;
    /** Its stdin's queue was full; the pool tries again once it has drained. */
    private boolean awaitingRoom;
    /** It broke the protocol before the engine told us its process: stop it once we know it. */
    private boolean stopWanted;
    private boolean stopping;
    private boolean ended;

    ListenerProcess(ServiceSpec spec, ListenerPool pool) {
        this.spec = spec;
        this.pool = pool;
        this.hub = pool.hub();
    }

    String name() {
        return spec.name();
    }

    boolean saidReady() {
        return saidReady && !ended;
    }

    boolean canTake() {
        return !ended && !stopping && stdin != null && protocol.state() == ListenerState.READY;
    }

    /**
     * supervisord's {@code _dispatchEvent} for this listener: writes the event's envelope and makes it
     * BUSY. A stdin that takes no more ("Broken pipe", or closed) skips this listener, its state
     * unchanged, as supervisord does on EPIPE.
     */
    boolean send(SupervisorEvent e, Serials poolSerials) {
        ByteBuffer envelope = Envelope.of(hub.server(), e.serial(), pool.name, e.poolSerial(pool.name, poolSerials),
                e.type, e.payload, spec.lenUnit());
        if (envelope.remaining() > stdin.capacity()) {
            LOG.error("{}: event {} ({} bytes) is more than a listener's stdin takes; dropped", spec.fullName(),
                    e.serial(), envelope.remaining());
            return true;
        }
        try {
            if (!stdin.write(envelope)) {
                // READY with bytes of an earlier event still queued: it said READY too early.
                LOG.debug("{}: stdin still holds {} bytes; event {} waits", spec.fullName(), stdin.queued(), e.serial());
                if (!awaitingRoom) {
                    awaitingRoom = true;
                    stdin.drained().thenRun(this::drained);
                }
                return false;
            }
        } catch (IOException ex) {
            LOG.debug("{}: {} while sending event {}; listener state unchanged", spec.fullName(), ex.getMessage(), e.serial());
            return false;
        }
        protocol.sent();
        event = e;
        LOG.debug("event {} sent to listener {}", e.serial(), spec.fullName());
        return true;
    }

    /** Its stdin's queue emptied (on the kernel's dispatch thread). */
    private void drained() {
        synchronized (hub) {
            awaitingRoom = false;
            hub.dispatch(pool);
        }
    }

    // ---- ClaimedStdio: the engine's calls ----

    @Override
    public Stdio stdin() {
        return Stdio.input(STDIN_CAPACITY);
    }

    @Override
    public Stdio stdout() {
        return Stdio.pipe(this);
    }

    @Override
    public void spawned(Child spawnedChild) {
        synchronized (hub) {
            child = spawnedChild;
            stdin = spawnedChild.stdin().orElse(null);
            if (stdin == null) {
                LOG.error("{}: spawned without a stdin pipe; it gets no events", spec.fullName());
            }
            if (stopWanted) {
                stop();
            }
            pool.dispatch();
        }
    }

    @Override
    public void close() {
        synchronized (hub) {
            if (ended) {
                return;
            }
            ended = true;
            pool.detach(this);
            giveBack("its process ended while BUSY");
        }
    }

    /** Another process of the same name took its place (it is being replaced): it takes nothing more. */
    void detach() {
        ended = true;
        giveBack("it was replaced while BUSY");
    }

    /** Its service is being stopped: like supervisord, no event goes to a process it is killing. */
    void stopping() {
        stopping = true;
    }

    /** The events bundle stops: the listener reads EOF, and is started again when it is back. */
    void closeStdin() {
        if (stdin != null) {
            stdin.close();
        }
    }

    // ---- OutputHandler: its stdout, on a pipe thread ----

    @Override
    public void onOutput(ByteBuffer bytes) {
        synchronized (hub) {
            protocol.feed(bytes, this);
        }
    }

    @Override
    public void onEnd() {
        // Its death is known when it is reaped (close), with whatever it holds.
    }

    // ---- ListenerProtocol.Reactions, under the hub's lock ----

    @Override
    public void ready() {
        saidReady = true;
        pool.dispatch();
    }

    @Override
    public void result(byte[] result, long length) {
        SupervisorEvent answered = event;
        event = null;
        if (answered == null) {
            return;
        }
        boolean defaultHandler = spec.resultHandler().equals(ServiceSpec.DEFAULT_RESULT_HANDLER);
        if (!defaultHandler || length == OK.length && Arrays.equals(result, OK)) {
            LOG.debug("{}: event {} was processed", spec.fullName(), answered.serial());
            return;
        }
        LOG.warn("{}: event {} was rejected ({}); it will be sent again", spec.fullName(), answered.serial(),
                PythonText.bytesRepr(result) + (length > result.length ? "..." : ""));
        pool.requeue(answered, hub.serials());
    }

    @Override
    public void violated(String why) {
        LOG.warn("{}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the"
                + " process violated the eventlistener protocol: {}", spec.fullName(), why);
        giveBack("it broke the protocol while BUSY");
        stop();
    }

    private void giveBack(String why) {
        SupervisorEvent held = event;
        event = null;
        if (held != null) {
            LOG.info("{}: {}; event {} will be sent again", spec.fullName(), why, held.serial());
            pool.requeue(held, hub.serials());
        }
    }

    private void stop() {
        if (ended) {
            return;
        }
        if (child == null) {
            stopWanted = true; // its output came before the spawn returned
            return;
        }
        try {
            if (spec.stopAsGroup()) {
                child.signalGroup(spec.stopSignal());
            } else {
                child.signal(spec.stopSignal());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot send SIG{}: {}", spec.fullName(), spec.stopSignal(), e.getMessage());
        }
    }
}
