package dev.capstan.config.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.linux.KernelPerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * When FileInstall is asked to scan: a change in a watched directory, seen through the real
 * kernel's inotify watch, of a file FileInstall takes; the end of the boot; and, for a directory
 * that cannot be watched, every poll until it can. Nothing else: a quiet directory is never
 * scanned. What FileInstall then does with a scan is HotDeployIT's.
 */
class DeployScansTest extends KernelPerClass {

    private static final Pattern FILTER = Pattern.compile(".*\\.(jar|cfg|config)");
    /** Longer than the last of a change's scans: after it, nothing more may come. */
    private static final long QUIET_MILLIS = DeployScans.RESCANS_MILLIS[DeployScans.RESCANS_MILLIS.length - 1] + 500;

    @TempDir
    Path dir;

    private final Semaphore scans = new Semaphore(0);
    private DeployScans deployScans;

    @BeforeEach
    void watch() {
        deployScans = new DeployScans(kernel, scans::release, FILTER.asMatchPredicate());
    }

    @AfterEach
    void close() {
        deployScans.close();
    }

    /**
     * Waits for the scans a change asks for (a file written in place is two changes, its creation
     * and its close, and the second starts the scans over), then makes sure they end.
     */
    private void assertScansOfOneChange() throws InterruptedException {
        int asked = DeployScans.RESCANS_MILLIS.length;
        assertTrue(scans.tryAcquire(asked, 10, TimeUnit.SECONDS), "scans asked for: " + scans.availablePermits());
        Thread.sleep(QUIET_MILLIS);
        scans.drainPermits();
        assertQuiet();
    }

    private void assertQuiet() throws InterruptedException {
        assertEquals(0, scans.drainPermits() + (scans.tryAcquire(QUIET_MILLIS, TimeUnit.MILLISECONDS) ? 1 : 0),
                "a scan nobody asked for");
    }

    @Test
    void aBundleOrCfgClosedInAWatchedDirectoryAsksForScansAndAQuietDirectoryForNone() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        deployScans.directories(List.of(deploy));
        assertQuiet();

        Files.writeString(deploy.resolve("dev.capstan.service-web.cfg"), "command = sleep 1\n");
        assertScansOfOneChange();
        Files.writeString(deploy.resolve("README"), "not an artifact\n");
        Files.writeString(deploy.resolve(".hello.jar.swp"), "an editor's\n");
        assertQuiet();
        Files.move(Files.writeString(dir.resolve("hello.jar"), "jar"), deploy.resolve("hello.jar"));
        assertScansOfOneChange();
        Files.delete(deploy.resolve("hello.jar"));
        assertScansOfOneChange();

        deployScans.directories(List.of());
        Files.writeString(deploy.resolve("other.cfg"), "command = sleep 1\n");
        assertQuiet();
    }

    @Test
    void theEndOfTheBootAsksForScans() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        deployScans.directories(List.of(deploy));
        Framework framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.init();
        try {
            framework.getBundleContext().addFrameworkListener(deployScans);
            assertQuiet();
            framework.start(); // STARTED
            assertScansOfOneChange();
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aDirectoryNotMadeYetIsPolledUntilItIsThenWatched() throws Exception {
        Path deploy = dir.resolve("deploy");
        deployScans.directories(List.of(deploy));
        assertTrue(scans.tryAcquire(2, 10, TimeUnit.SECONDS), "polled");
        Files.createDirectory(deploy);
        Thread.sleep(2 * DeployScans.POLL_MILLIS + 100);
        scans.drainPermits();
        assertQuiet();
        Files.writeString(deploy.resolve("web.cfg"), "command = sleep 1\n");
        assertScansOfOneChange();
    }

    @Test
    void aDirectoryThatGoesIsPolledUntilItCanBeWatchedAgain() throws Exception {
        Path deploy = Files.createDirectory(dir.resolve("deploy"));
        deployScans.directories(List.of(deploy));
        Files.delete(deploy);
        // Its end asks for scans (FileInstall sees its files gone), then each poll asks for one.
        assertTrue(scans.tryAcquire(DeployScans.RESCANS_MILLIS.length + 2, 10, TimeUnit.SECONDS), "polled");

        Files.createDirectory(deploy);
        // The poll that finds it watches it again: then only changes ask.
        Thread.sleep(2 * DeployScans.POLL_MILLIS + 100);
        assertTrue(Files.isDirectory(deploy));
        scans.drainPermits();
        assertQuiet();
        Files.writeString(deploy.resolve("web.cfg"), "command = sleep 1\n");
        assertScansOfOneChange();
    }
}
