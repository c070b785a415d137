package dev.capstan.launcher;

import dev.capstan.container.Container;
import dev.capstan.container.ContainerListener;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's {@link Container}: reload, log reopening and the one shutdown sequence, whether
 * a signal, a service's exit policy, the {@code shutdown} command or a JVM exit asked for it.
 *
 * <p>Shutdown: every {@link ContainerListener#beforeShutdown()} (the engine stops all services in
 * order, within its deadline), then the framework stops (bundles in reverse start level), then
 * the launcher exits with the code of the first request; with an s6-overlay tree, with what its
 * exit code file holds then ({@link OverlayFiles}), which that request wrote and a finish script
 * may have changed since. The whole sequence has a deadline: the longest
 * {@link ContainerListener#shutdownTimeout()} and {@link #MARGIN}. Past it, whatever blocks (an
 * activator that never returns, a reload reading a dead mount, a boot that never finished), the
 * launcher kills what is left and exits with the code ({@code giveUp}).
 */
final class ContainerControl implements Container {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);
    private static final int NOT_REQUESTED = Integer.MIN_VALUE;
    /**
     * Past the listeners' own deadline: for the framework to stop its bundles. Small, so that the
     * default shutdown_timeout and this stay within Docker's default grace period of 10 s.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);

    private final Framework framework;
    private final IntConsumer giveUp;
    private final ServiceTracker<ContainerListener, ContainerListener> listeners;
    private final AtomicInteger exitCode = new AtomicInteger(NOT_REQUESTED);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Duration deadline = MARGIN;
    private final OverlayFiles overlay;

    /**
     * @param giveUp  called with the exit code, on the deadline thread, when the shutdown overran
     *                its deadline; it must end the JVM
     * @param overlay s6-overlay's files when Capstan runs an s6-overlay tree, else null
     */
    ContainerControl(Framework framework, IntConsumer giveUp, OverlayFiles overlay) {
        this.framework = framework;
        this.giveUp = giveUp;
        this.overlay = overlay;
        this.listeners = new ServiceTracker<>(framework.getBundleContext(), ContainerListener.class, null);
        this.listeners.open();
    }

    /**
     * What the signal thread does with each container signal. TERM and INT come straight from
     * the handler, never queued behind a reload that blocks; a HUP while a reload still runs is
     * folded into it rather than queued.
     */
    void onSignal(Signal signal) {
        switch (signal) {
            case HUP -> reload();
            case USR1, USR2 -> each(ContainerListener::reopenLogs, "reopen logs");
            case TERM, INT -> halt();
            default -> LOG.warn("SIG{} is not handled", signal.name());
        }
    }

    private void reload() {
        if (!reloading.compareAndSet(false, true)) {
            LOG.warn("a reload is still running; this SIGHUP adds nothing to it");
            return;
        }
        try {
            each(ContainerListener::reload, "reload");
        } finally {
            reloading.set(false);
        }
    }

    @Override
    public void shutdown(int code) {
        if (overlay != null && !isShuttingDown()) {
            overlay.writeExitCode(code);
        }
        begin(code);
    }

    @Override
    public void halt() {
        begin(0);
    }

    private void begin(int code) {
        if (!exitCode.compareAndSet(NOT_REQUESTED, code)) {
            LOG.info("already shutting down (exit code {})", exitCode.get());
            return;
        }
        deadline = longestTimeout().plus(MARGIN);
        Thread t = new Thread(this::stopEverything, "capstan-shutdown");
        t.start();
        Thread deadline = new Thread(this::enforceDeadline, "capstan-shutdown-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    @Override
    public boolean isShuttingDown() {
        return exitCode.get() != NOT_REQUESTED;
    }

    /** The exit code asked for, or {@code otherwise} when the framework stopped on its own. */
    int exitCode(int otherwise) {
        int c = exitCode.get();
        int requested = c == NOT_REQUESTED ? otherwise : c;
        return overlay == null ? requested : overlay.exitCode(requested);
    }

    /**
     * The JVM is exiting without an orderly shutdown having ended (a bundle called
     * {@code System.exit}): stop the services in order first, within the usual deadline. Runs on
     * a shutdown hook's thread; returns at once when the shutdown had already finished.
     */
    void onJvmExit() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (!isShuttingDown()) {
            LOG.error("the JVM is exiting without a shutdown (System.exit from a bundle?): stopping every service first");
        }
        shutdown(1);
        try {
            stopped.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Main.flushConsole();
    }

    /** The framework has stopped and the launcher is about to exit: the JVM exit is the orderly one. */
    void finished() {
        stopped.countDown();
    }

    private void stopEverything() {
        LOG.info("shutting down, exit code {}", exitCode.get());
        each(ContainerListener::beforeShutdown, "stop services");
        listeners.close();
        try {
            framework.stop();
            framework.waitForStop(0);
        } catch (BundleException e) {
            LOG.error("stopping the framework failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }

    private void enforceDeadline() {
        try {
            if (stopped.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // A bundle blocks in stop(), or the boot never finished: the container must still end,
        // in time for the orchestrator's grace period, with its exit code.
        LOG.error("the shutdown did not finish within {} s; killing what is left and exiting", deadline.toSeconds());
        giveUp.accept(exitCode(1));
    }

    /** The longest of the listeners' deadlines; 0 before any registered. */
    private Duration longestTimeout() {
        Duration longest = Duration.ZERO;
        Object[] current = listeners.getServices();
        for (Object l : current == null ? new Object[0] : current) {
            Duration d = ((ContainerListener) l).shutdownTimeout();
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    private void each(Consumer<ContainerListener> action, String what) {
        Object[] current = listeners.getServices();
        if (current == null) {
            return;
        }
        for (Object l : current) {
            try {
                action.accept((ContainerListener) l);
            } catch (RuntimeException e) {
                LOG.error("{} failed in {}", what, l, e);
            }
        }
    }
}
