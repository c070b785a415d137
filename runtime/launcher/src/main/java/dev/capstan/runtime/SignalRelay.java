package dev.capstan.runtime;

import dev.capstan.process.Signal;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the container signals into calls on one thread, in arrival order. The JDK runs each
 * {@code sun.misc.Signal} handler on a new thread, so the handler only queues the signal.
 * As PID 1 the kernel delivers a signal only when a handler is installed, which is why every
 * signal Capstan acts on has one.
 */
final class SignalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    private static final Signal[] HANDLED = {Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1, Signal.USR2};

    private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();

    private SignalRelay() {
    }

    /** Installs the handlers and starts the thread that calls {@code target} for each signal. */
    static void start(Consumer<Signal> target) {
        SignalRelay relay = new SignalRelay();
        for (Signal s : HANDLED) {
            sun.misc.Signal.handle(new sun.misc.Signal(s.name()), sig -> relay.queue.offer(s));
        }
        Thread t = new Thread(() -> relay.run(target), "capstan-signals");
        t.setDaemon(true);
        t.start();
    }

    private void run(Consumer<Signal> target) {
        while (true) {
            Signal s;
            try {
                s = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            LOG.info("received SIG{}", s.name());
            try {
                target.accept(s);
            } catch (RuntimeException e) {
                LOG.error("handling SIG{} failed", s.name(), e);
            }
        }
    }
}
