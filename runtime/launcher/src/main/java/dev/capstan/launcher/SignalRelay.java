package dev.capstan.launcher;

import dev.capstan.process.Signal;
import dev.capstan.process.linux.SignalDispositions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.SignalHandler;

/**
 * Turns the container signals into calls on one thread, in arrival order. The JDK runs each
 * {@code sun.misc.Signal} handler on a new thread, so the handler only queues the signal, except
 * TERM and INT, whose target only starts the shutdown and which must never wait.
 * As PID 1 the kernel delivers a signal only when a handler is installed, which is why every
 * signal Capstan acts on has one.
 *
 * <p>The thread exists only while signals come: signals are rare, and an idle thread is resident
 * memory (its stack pages and structures; docs/decisions.md, "Threads start when needed").
 *
 * <p>A signal inherited as ignored ({@code nohup capstan}, {@code trap '' TERM; exec capstan}) is
 * handled all the same, as supervisord handles it: HotSpot would keep HUP, INT and TERM ignored
 * and install nothing, so such a signal is set back to its default action
 * ({@link SignalDispositions}) and the handler installed again. Only a signal found ignored costs
 * this: it binds the kernel's native calls on the boot's main thread, work the boot otherwise
 * leaves to the kernel's own thread.
 */
final class SignalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    private static final Signal[] HANDLED = {Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1, Signal.USR2};
    /**
     * Delivered on the handler's own thread, never queued: a shutdown must not wait behind a
     * reload that blocks (a configuration file on a dead mount). Their target returns at once.
     */
    private static final Set<Signal> URGENT = EnumSet.of(Signal.TERM, Signal.INT);

    /** Signals that may wait for the relay thread. */
    private static final int QUEUED = 16;

    /** How long the thread waits for another signal before it ends. */
    private static final long IDLE_SECONDS = 10;

    private SignalRelay() {
    }

    /**
     * Installs the handlers; {@code target} is then called for each signal: HUP, USR1 and USR2
     * one at a time on the relay thread, TERM and INT at once on the JDK's handler thread.
     */
    static void start(Consumer<Signal> target) {
        // One thread at most: the signals are handled in arrival order. The queue is bounded: a
        // storm of HUPs while a reload blocks adds nothing a later reload would not do.
        ThreadPoolExecutor relay = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUED), r -> {
                    Thread t = new Thread(r, "capstan-signals");
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> LOG.warn("{} signals wait already; one more dropped", QUEUED));
        relay.allowCoreThreadTimeOut(true);
        for (Signal s : HANDLED) {
            sun.misc.Signal signal = new sun.misc.Signal(s.name());
            SignalHandler handler = URGENT.contains(s)
                    ? sig -> deliver(s, target)
                    : sig -> relay.execute(() -> deliver(s, target));
            // SIG_IGN: the signal was ignored; installed all the same for USR1 and USR2, not for
            // the shutdown signals, which are still ignored then.
            if (sun.misc.Signal.handle(signal, handler) == SignalHandler.SIG_IGN && SignalDispositions.unignore(s)) {
                sun.misc.Signal.handle(signal, handler);
                LOG.info("SIG{} was inherited as ignored; Capstan handles it", s.name());
            }
        }
    }

    private static void deliver(Signal s, Consumer<Signal> target) {
        LOG.info("received SIG{}", s.name());
        try {
            target.accept(s);
        } catch (RuntimeException e) {
            LOG.error("handling SIG{} failed", s.name(), e);
        }
    }
}
