package dev.capstan.config.extender;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bundles FileInstall installs from the watched directories, each on a thread of its
 * own. FileInstall would start them on its scanning thread, one after another, where one
 * activator that never returns ends hot deploy for good; here it holds only its own thread (and
 * its bundle's lock), and every later bundle still starts. The launcher sets
 * {@code felix.fileinstall.bundles.new.start=false} so that FileInstall leaves the starting here.
 *
 * <p>A bundle is started once FileInstall's refresh after installing or updating it is done
 * ({@link FrameworkEvent#PACKAGES_REFRESHED}), when it is new or was started before an update (its
 * persistent start mark survives FileInstall's transient stop); one an operator stopped
 * ({@code felix:stop}) stays stopped. Nothing starts before the boot is over: the extender sets each
 * service bundle's start level as it is installed, and Felix carries that out on its start-level
 * thread, where it takes the bundle's lock. During the boot that thread climbs the levels first, so
 * the requests wait behind the climb; a bundle whose activator never returns, started meanwhile,
 * would hold its lock for good and the start-level thread would wait for it for good (no start
 * level change, no refresh, no hot deploy after it). So at {@link FrameworkEvent#STARTED} a request
 * that changes nothing is queued behind them, and its {@link FrameworkEvent#STARTLEVEL_CHANGED}
 * opens the starts. After the boot that thread is idle, and a new bundle's request is done long
 * before FileInstall's refresh ends. No deployed activator ever runs on the start-level thread
 * either, where one that never returns would stop the boot.
 *
 * <p>Events come on Felix's event threads; starts run on threads named {@code capstan-start-N},
 * at most one per bundle at a time.
 */
final class DeployedBundles implements SynchronousBundleListener, FrameworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeployedBundles.class);

    private final BundleContext context;
    private final AtomicInteger threads = new AtomicInteger();
    /** Installed from a watched directory and not started yet. */
    private final Set<Long> fresh = new HashSet<>();
    /** Whose start() has not returned, and the thread in it. */
    private final Map<Long, Thread> starting = new HashMap<>();
    private volatile List<Path> directories;
    /** Whether the start-level requests of the boot are done, so that bundles may start. */
    private volatile boolean bootDone;
    /** By bundle, its installs and updates whose refresh has not been seen yet (see {@link RefreshWatch}). */
    private final Map<Long, Integer> unrefreshed = new HashMap<>();
    /** Of those, the ones {@link RefreshWatch} has heard of: the next refresh to end ends them. */
    private final Map<Long, Integer> refreshDue = new HashMap<>();
    private final RefreshWatch refreshWatch = new RefreshWatch();

    DeployedBundles(BundleContext context, List<Path> directories) {
        this.context = context;
        this.directories = List.copyOf(directories);
    }

    void open() {
        context.addBundleListener(this);
        context.addBundleListener(refreshWatch);
        context.addFrameworkListener(this);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            bootDone = true; // the extender came after the boot (a restart of this bundle)
            startPending();
        }
    }

    void close() {
        context.removeBundleListener(this);
        context.removeBundleListener(refreshWatch);
        context.removeFrameworkListener(this);
    }

    void directories(List<Path> watched) {
        directories = List.copyOf(watched);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        long id = event.getBundle().getBundleId();
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> {
                if (isDeployed(event.getBundle())) {
                    synchronized (this) {
                        if (event.getType() == BundleEvent.INSTALLED) {
                            fresh.add(id);
                        }
                        unrefreshed.merge(id, 1, Integer::sum);
                    }
                }
            }
            case BundleEvent.UNINSTALLED -> {
                synchronized (this) {
                    fresh.remove(id);
                    unrefreshed.remove(id);
                }
            }
            case BundleEvent.STOPPING -> {
                if (id == 0) {
                    interruptStarts();
                }
            }
            default -> {
            }
        }
    }

    /**
     * The framework stops: an activator still in start() holds its bundle's lock, and the
     * framework's stop would wait for it. Most waits end when interrupted.
     */
    private synchronized void interruptStarts() {
        for (Thread t : starting.values()) {
            t.interrupt();
        }
    }

    /**
     * FileInstall refreshes every bundle it installed or updated right after, and a refresh takes
     * the bundle's lock: started before that, a bundle whose activator never returns would hold
     * the refresh, and FileInstall's scanning with it, for good. So such a bundle waits for the end
     * of a refresh that came after its install or update. The install is counted the moment it
     * happens ({@link DeployedBundles#bundleChanged}, synchronous), so that no start slips in
     * before this hears of it; this listener is asynchronous: Felix hands its events and the
     * framework events to listeners on one thread, in the order they happened, so a
     * {@link FrameworkEvent#PACKAGES_REFRESHED} that comes after the bundle's event here ended
     * after it: FileInstall's own refresh of it, unless another refresh (of another directory, or
     * an operator's) was under way while it was installed. One that comes before it (queued before
     * the install, handed out after) ends nothing.
     */
    private final class RefreshWatch implements BundleListener {
        @Override
        public void bundleChanged(BundleEvent event) {
            int type = event.getType();
            if ((type == BundleEvent.INSTALLED || type == BundleEvent.UPDATED) && isDeployed(event.getBundle())) {
                synchronized (DeployedBundles.this) {
                    refreshDue.merge(event.getBundle().getBundleId(), 1, Integer::sum);
                }
            }
        }
    }

    /** A refresh ended: so did the waits of the installs and updates it came after. */
    private synchronized void refreshed() {
        refreshDue.forEach((id, n) -> unrefreshed.computeIfPresent(id, (k, waiting) -> waiting > n ? waiting - n : null));
        refreshDue.clear();
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        switch (event.getType()) {
            case FrameworkEvent.STARTED -> afterBootRequests();
            case FrameworkEvent.PACKAGES_REFRESHED -> {
                refreshed();
                startPending();
            }
            case FrameworkEvent.STARTLEVEL_CHANGED -> startPending();
            default -> {
            }
        }
    }

    /**
     * Queues a request for the level the framework is at, behind those of the boot. Not once the
     * framework stops (a configuration rejected at boot ends Capstan before STARTED reaches this
     * listener): queued behind the stop's level 0, it would start every bundle again.
     */
    private void afterBootRequests() {
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            return;
        }
        FrameworkStartLevel levels = context.getBundle(0).adapt(FrameworkStartLevel.class);
        levels.setStartLevel(levels.getStartLevel(), event -> {
            bootDone = true;
            startPending();
        });
    }

    private void startPending() {
        if (!bootDone || context.getBundle(0).getState() != Bundle.ACTIVE) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            if (isDeployed(b)) {
                Thread t = claim(b);
                if (t != null) {
                    t.start();
                }
            }
        }
    }

    /** The thread that is to start {@code b} now, recorded as starting it; null when it should not start. */
    private synchronized Thread claim(Bundle b) {
        long id = b.getBundleId();
        boolean stopped = (b.getState() & (Bundle.INSTALLED | Bundle.RESOLVED)) != 0;
        if (!stopped || starting.containsKey(id) || unrefreshed.containsKey(id)
                || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return null;
        }
        // Above the level the framework is at, start() would only mark it.
        int frameworkLevel = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (b.adapt(BundleStartLevel.class).getStartLevel() > frameworkLevel) {
            return null;
        }
        if (!fresh.remove(id) && !b.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
            return null;
        }
        Thread t = new Thread(() -> start(b), "capstan-start-" + threads.incrementAndGet());
        t.setDaemon(true);
        starting.put(id, t);
        return t;
    }

    private void start(Bundle b) {
        try {
            b.start(Bundle.START_ACTIVATION_POLICY);
        } catch (BundleException | IllegalStateException e) {
            if (context.getBundle(0).getState() == Bundle.STOPPING) {
                LOG.debug("bundle {} {}: start ended by the shutdown: {}", b.getSymbolicName(), b.getVersion(), reason(e));
                return;
            }
            LOG.error("bundle {} {}: did not start: {}", b.getSymbolicName(), b.getVersion(), reason(e));
        } finally {
            synchronized (this) {
                starting.remove(b.getBundleId());
            }
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause == e ? e.getMessage() : e.getMessage() + ": " + cause;
    }

    /** Installed by FileInstall from one of the watched directories (its location is the file's URI). */
    private boolean isDeployed(Bundle b) {
        String location = b.getLocation();
        if (!location.startsWith("file:")) {
            return false;
        }
        Path dir;
        try {
            dir = Path.of(URI.create(location)).getParent();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return dir != null && directories.contains(dir.normalize());
    }
}
