package dev.capstan.config.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * When a deployed bundle starts, in a real Felix whose event thread the test holds, so that
 * events reach {@link DeployedBundles} in the orders Felix can hand them out.
 */
class DeployedBundlesTest {

    @TempDir
    Path dir;

    private Framework framework;
    private BundleContext context;
    private Path deploy;
    private DeployedBundles deployed;
    private final EventThread events = new EventThread();

    @BeforeEach
    void boot() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        context = framework.getBundleContext();
        deploy = Files.createDirectory(dir.resolve("deploy"));
        deployed = new DeployedBundles(context, List.of(deploy));
        deployed.open(); // after the boot: bundles may start at once
    }

    @AfterEach
    void shutdown() throws Exception {
        events.release(); // Felix's event thread is one for the whole JVM: never left held
        deployed.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    /**
     * A refresh that ended before a bundle's install, and whose event Felix hands out after it
     * (its event thread was busy), must not start that bundle: the refresh that follows the
     * install (FileInstall's) takes the bundle's lock, and a bundle that never finished starting
     * would hold it for good.
     */
    @Test
    void aBundleWaitsForARefreshThatEndedAfterItsInstall() throws Exception {
        context.addBundleListener(events);
        Bundle other = install(dir, "test.other");
        events.awaitHeld();

        CountDownLatch earlierRefresh = new CountDownLatch(1);
        wiring().refreshBundles(List.of(other), e -> earlierRefresh.countDown());
        assertTrue(earlierRefresh.await(10, TimeUnit.SECONDS), "the earlier refresh did not end");
        Bundle service = install(deploy, "test.service");
        StartWatch started = new StartWatch(service);
        context.addBundleListener(started);
        events.release();
        install(dir, "test.marker"); // its event comes after all the above
        events.awaitDelivered("test.marker");
        joinStarts();
        assertEquals(Bundle.INSTALLED, service.getState(), "started before the refresh after its install");

        wiring().refreshBundles(List.of(service));
        assertTrue(started.latch.await(10, TimeUnit.SECONDS), "not started after the refresh after its install");
        assertEquals(Bundle.ACTIVE, service.getState());
    }

    private FrameworkWiring wiring() {
        return framework.adapt(FrameworkWiring.class);
    }

    private Bundle install(Path where, String symbolicName) throws Exception {
        Path jar = where.resolve(symbolicName + ".jar");
        try (InputStream in = TestBundles.bundle(symbolicName, "1.0.0").jar()) {
            Files.copy(in, jar);
        }
        return context.installBundle(jar.toUri().toString());
    }

    /** Waits for the threads DeployedBundles starts bundles on to end. */
    private static void joinStarts() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("capstan-start-")) {
                t.join(10_000);
            }
        }
    }

    /**
     * An asynchronous listener that holds Felix's one event thread at the first event it gets,
     * until released; it then notes the bundles whose events it was handed.
     */
    private static final class EventThread implements BundleListener {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Set<String> delivered = new HashSet<>(); // guarded by this

        @Override
        public void bundleChanged(BundleEvent event) {
            held.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                delivered.add(event.getBundle().getSymbolicName());
                notifyAll();
            }
        }

        void awaitHeld() throws InterruptedException {
            assertTrue(held.await(10, TimeUnit.SECONDS), "Felix handed out no event");
        }

        void release() {
            released.countDown();
        }

        synchronized void awaitDelivered(String symbolicName) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!delivered.contains(symbolicName)) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                assertTrue(left > 0, "no event of " + symbolicName);
                wait(left);
            }
        }
    }

    /** Counts down when its bundle has started. */
    private static final class StartWatch implements SynchronousBundleListener {
        final CountDownLatch latch = new CountDownLatch(1);
        private final Bundle bundle;

        StartWatch(Bundle bundle) {
            this.bundle = bundle;
        }

        @Override
        public void bundleChanged(BundleEvent event) {
            if (event.getBundle().equals(bundle) && event.getType() == BundleEvent.STARTED) {
                latch.countDown();
            }
        }
    }
}
