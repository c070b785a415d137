package dev.capstan.launcher;

import dev.capstan.process.Signal;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the container signals into calls on one thread, in arrival order. The JDK runs each
 * {@code sun.misc.Signal} handler on a new thread, so the handler only queues the signal.
 * As PID 1 the kernel delivers a signal only when a handler is installed, which is why every
 * signal Capstan acts on has one.
 *
 * <p>The thread exists only while signals come: signals are rare, and an idle thread is resident
 * memory (its stack pages and structures; docs/decisions.md, "Threads start when needed").
 */
final class SignalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    private static final Signal[] HANDLED = {Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1, Signal.USR2};

    /** How long the thread waits for another signal before it ends. */
    private static final long IDLE_SECONDS = 10;

    private SignalRelay() {
    }

    /** Installs the handlers; {@code target} is then called for each signal, one at a time. */
    static void start(Consumer<Signal> target) {
        // One thread at most and an unbounded queue: the signals are handled in arrival order.
        ThreadPoolExecutor relay = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "capstan-signals");
                    t.setDaemon(true);
                    return t;
                });
        relay.allowCoreThreadTimeOut(true);
        for (Signal s : HANDLED) {
            sun.misc.Signal.handle(new sun.misc.Signal(s.name()), sig -> relay.execute(() -> deliver(s, target)));
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
