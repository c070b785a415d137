package dev.capstan.process.linux;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The reaper thread: SIGCHLD releases a semaphore, the thread wakes and reaps everything that has
 * exited. The JDK runs each signal handler on a new thread, so the handler does nothing else.
 * SIGCHLDs coalesce, and a release that comes while the thread is reaping stays in the semaphore
 * for the next round, so none is missed. The JVM counts every SIGCHLD and runs the handler for
 * each, so the one way to lose one is a handler thread the JVM could not start (no memory for a
 * thread): the wait's {@value #SAFETY_SECONDS}-second timeout reaps then. tini's net is a second;
 * here every wakeup of an idle supervisor counts, and a lost signal is a failure that rare.
 */
final class Reaper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private static final Signal SIGCHLD = new Signal("CHLD");
    static final long SAFETY_SECONDS = 60;

    private final ProcessTable table;
    private final Semaphore exited = new Semaphore(0);
    private final Thread thread = new Thread(this::run, "capstan-reaper");
    private final SignalHandler previous;
    private volatile boolean running = true;

    Reaper(ProcessTable table) {
        this.table = table;
        initialiseJdkProcessSupport();
        this.previous = Signal.handle(SIGCHLD, signal -> exited.release());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The JDK's process support resets SIGCHLD to SIG_DFL when its class initialises
     * ({@code java.lang.ProcessImpl}'s native init), which happens at the first
     * {@code System.getenv()} on Java 24+. Done after our handler is installed, that would leave
     * every exit to the safety poll; done first, nothing can undo the handler.
     */
    private static void initialiseJdkProcessSupport() {
        try {
            Class.forName("java.lang.ProcessImpl", true, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the JDK has no java.lang.ProcessImpl", e);
        }
    }

    /** Reaps now, as if SIGCHLD had come. */
    void wake() {
        exited.release();
    }

    private void run() {
        while (running) {
            try {
                exited.tryAcquire(SAFETY_SECONDS, TimeUnit.SECONDS);
                exited.drainPermits();
                table.reapAll();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("reaper", e); // keep reaping: a PID 1 that stops reaping fills with zombies
            }
        }
    }

    /** Stops the thread after a last reap and gives SIGCHLD back to its previous handler. */
    @Override
    public void close() {
        running = false;
        exited.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Signal.handle(SIGCHLD, previous);
    }
}
