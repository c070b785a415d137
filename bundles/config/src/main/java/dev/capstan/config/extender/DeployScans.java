package dev.capstan.config.extender;

import dev.capstan.process.DirectoryListener;
import dev.capstan.process.DirectoryWatch;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks FileInstall to scan the watched directories when something in them changed, and only then.
 * The launcher sets FileInstall's poll to 0, so that its scanning thread waits until it is asked:
 * an idle Capstan then never looks at {@code deploy/}. Each directory is watched through the
 * process kernel (inotify, read on the kernel's pipe threads); a file that is closed after writing,
 * moved in or out, touched or deleted, whose name FileInstall would take
 * ({@code felix.fileinstall.filter}), asks for scans, and so does the end of the boot
 * ({@link FrameworkEvent#STARTED}: FileInstall does not scan while the framework starts).
 *
 * <p>FileInstall takes a file once two scans in a row found it unchanged, and a request that comes
 * while it scans is lost; so a change asks for scans {@link #RESCANS_MILLIS} ms after it (a later
 * change starts them over): the file is in after the second, within tens of milliseconds. A
 * directory that cannot be watched (it does not exist, or the system's inotify limits are reached)
 * or that was deleted is polled instead, every {@value #POLL_MILLIS} ms, as FileInstall polled, and
 * watched again once it can be.
 *
 * <p>Threads: directory events come on a kernel pipe thread and only schedule; the requests run on
 * {@code capstan-deploy-scan}, which exists only while scans are due or a directory is polled.
 */
final class DeployScans implements FrameworkListener, AutoCloseable {
    // No lambdas: each would be a class spun at every boot.

    private static final Logger LOG = LoggerFactory.getLogger(DeployScans.class);

    static final long[] RESCANS_MILLIS = {0, 50, 250, 1000};
    static final long POLL_MILLIS = 500;

    private final ProcessKernel kernel;
    private final Runnable rescan;
    private final Predicate<String> taken;
    private final ScheduledThreadPoolExecutor timer;
    private final Runnable scan = new Scan();
    private final Map<Path, Watched> watched = new HashMap<>(); // guarded by this
    private final List<Future<?>> due = new ArrayList<>(); // guarded by this
    private boolean closed; // guarded by this

    /** One directory: watched through the kernel, or polled while it cannot be ({@link #run()}). */
    private final class Watched implements DirectoryListener, Runnable {
        final Path dir;
        DirectoryWatch watch; // guarded by DeployScans.this
        Future<?> polling; // guarded by DeployScans.this

        Watched(Path dir) {
            this.dir = dir;
        }

        @Override
        public void changed(String name) {
            if (name == null || taken.test(name)) {
                rescanSoon();
            }
        }

        @Override
        public void ended() {
            synchronized (DeployScans.this) {
                if (watched.get(dir) != this) {
                    return; // no longer wanted
                }
                watch = null;
                LOG.info("{}: gone; polled every {} ms until it can be watched again", dir, POLL_MILLIS);
                poll();
            }
            rescanSoon();
        }

        /**
         * Watches the directory; true when it is watched now. A directory that does not exist yet
         * (FileInstall makes it when it starts watching it) is polled without a word until it does.
         * Under DeployScans' lock.
         */
        boolean tryWatch(boolean report) {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try {
                watch = kernel.watch(dir, this);
                return true;
            } catch (IOException e) {
                if (report) {
                    LOG.warn("{}; polled every {} ms instead", e.getMessage(), POLL_MILLIS);
                }
                return false;
            }
        }

        /** Under DeployScans' lock. */
        void poll() {
            polling = timer.scheduleWithFixedDelay(this, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }

        /** One poll: a scan, and a watch again once the directory is back. */
        @Override
        public void run() {
            synchronized (DeployScans.this) {
                if (watched.get(dir) != this || polling == null) {
                    return;
                }
                if (tryWatch(false)) {
                    LOG.info("{}: watched again", dir);
                    polling.cancel(false);
                    polling = null;
                }
            }
            scan.run();
        }

        /** Under DeployScans' lock. */
        void stop() {
            if (watch != null) {
                watch.close();
                watch = null;
            }
            if (polling != null) {
                polling.cancel(false);
                polling = null;
            }
        }
    }

    /**
     * @param rescan asks FileInstall to scan every directory it watches; called on the scan thread
     * @param taken  whether FileInstall takes a file of this name
     */
    DeployScans(ProcessKernel kernel, Runnable rescan, Predicate<String> taken) {
        this.kernel = kernel;
        this.rescan = rescan;
        this.taken = taken;
        this.timer = new ScheduledThreadPoolExecutor(1, new ScanThreads());
        timer.setKeepAliveTime(2, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Watches exactly these directories from now on. */
    synchronized void directories(List<Path> dirs) {
        if (closed) {
            return;
        }
        for (Map.Entry<Path, Watched> e : List.copyOf(watched.entrySet())) {
            if (!dirs.contains(e.getKey())) {
                e.getValue().stop();
                watched.remove(e.getKey());
            }
        }
        for (Path dir : dirs) {
            if (!watched.containsKey(dir)) {
                Watched w = new Watched(dir);
                watched.put(dir, w);
                if (!w.tryWatch(true)) {
                    w.poll();
                }
            }
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) {
            rescanSoon();
        }
    }

    /** Schedules the scans a change asks for, dropping those an earlier change scheduled. */
    synchronized void rescanSoon() {
        if (closed) {
            return;
        }
        for (Future<?> f : due) {
            f.cancel(false);
        }
        due.clear();
        try {
            for (long delay : RESCANS_MILLIS) {
                due.add(timer.schedule(scan, delay, TimeUnit.MILLISECONDS));
            }
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Watched w : watched.values()) {
            w.stop();
        }
        watched.clear();
        timer.shutdownNow();
    }

    /** One request for scans, on the scan thread. */
    private final class Scan implements Runnable {
        @Override
        public void run() {
            try {
                rescan.run();
            } catch (RuntimeException e) {
                LOG.error("deploy: asking FileInstall to scan failed", e);
            }
        }
    }

    /** The scan thread, a daemon: it must not keep the JVM alive. */
    private static final class ScanThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "capstan-deploy-scan");
            t.setDaemon(true);
            return t;
        }
    }
}
