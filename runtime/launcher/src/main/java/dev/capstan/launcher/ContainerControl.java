package dev.capstan.launcher;

import dev.capstan.container.Container;
import dev.capstan.container.ContainerListener;
import dev.capstan.process.Signal;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's {@link Container}: reload, log reopening and the one shutdown sequence, whether
 * a signal, a service's exit policy or the {@code shutdown} command asked for it.
 *
 * <p>Shutdown: every {@link ContainerListener#beforeShutdown()} (the engine stops all services in
 * order, within its deadline), then the framework stops (bundles in reverse start level), then
 * the launcher exits with the code of the first request; with an s6-overlay tree, with what its
 * exit code file holds then ({@link OverlayFiles}), which that request wrote and a finish script
 * may have changed since.
 */
final class ContainerControl implements Container {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);
    private static final int NOT_REQUESTED = Integer.MIN_VALUE;
    /** How long bundles may take to stop once every service is down, before the JVM is halted. */
    private static final long FRAMEWORK_STOP_MILLIS = 20_000;

    private final Framework framework;
    private final ServiceTracker<ContainerListener, ContainerListener> listeners;
    private final AtomicInteger exitCode = new AtomicInteger(NOT_REQUESTED);
    private final OverlayFiles overlay;

    /** @param overlay s6-overlay's files when Capstan runs an s6-overlay tree, else null */
    ContainerControl(Framework framework, OverlayFiles overlay) {
        this.framework = framework;
        this.overlay = overlay;
        this.listeners = new ServiceTracker<>(framework.getBundleContext(), ContainerListener.class, null);
        this.listeners.open();
    }

    /** What the signal thread does with each container signal. */
    void onSignal(Signal signal) {
        switch (signal) {
            case HUP -> each(ContainerListener::reload, "reload");
            case USR1, USR2 -> each(ContainerListener::reopenLogs, "reopen logs");
            case TERM, INT -> halt();
            default -> LOG.warn("SIG{} is not handled", signal.name());
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
        Thread t = new Thread(this::stopEverything, "capstan-shutdown");
        t.start();
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

    private void stopEverything() {
        LOG.info("shutting down, exit code {}", exitCode.get());
        each(ContainerListener::beforeShutdown, "stop services");
        listeners.close();
        try {
            framework.stop();
            if (framework.waitForStop(FRAMEWORK_STOP_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                // A bundle blocks in stop(); the container must still end with its exit code.
                LOG.error("bundles did not stop within {} s; halting", FRAMEWORK_STOP_MILLIS / 1000);
                Runtime.getRuntime().halt(exitCode.get());
            }
        } catch (BundleException e) {
            LOG.error("stopping the framework failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
