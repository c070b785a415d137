package dev.capstan.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.container.Container;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The service bundle extender (bundles/config, dev.capstan.config.extender) in a real Felix with
 * the real platform bundles, Capstan's api, logs, config and engine, and the real process kernel
 * ({@link CapstanFramework}): a service bundle is installed, started, stopped, updated and
 * uninstalled, and each step is checked on the real {@link Supervisor} service and on the real
 * processes in /proc (docs/service-bundles.md, "Lifecycle" and "Start levels from priority").
 *
 * <p>The tests run inside the framework, in Pax Exam's probe. The framework, and so the kernel,
 * is booted once for the class; each test uses its own service name.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@Category(BundleTests.class)
public class ServiceBundleLifecycleIT {

    private static final long TIMEOUT_MS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private Supervisor supervisor;

    @Inject
    private ServiceLogs logs;

    @Inject
    private Container container;

    @Configuration
    public Option[] config() {
        return options(CapstanFramework.options());
    }

    /** A service as a service bundle declares it: a shell that says so, then becomes {@code sleep SECONDS}. */
    private static String sleeper(String name, String greeting, int seconds, int priority) {
        return "[program:" + name + "]\n"
                + "command = sh -c 'echo " + greeting + "; exec sleep " + seconds + "'\n"
                + "priority = " + priority + "\n"
                + "startsecs = 0\n"
                + "stopwaitsecs = 2\n";
    }

    /** The service bundle {@code test.service.NAME} with {@code OSGI-INF/capstan/NAME.conf}. */
    private static InputStream jar(String name, String version, String conf) {
        return ServiceBundleJar.of("test.service." + name, version, name, conf);
    }

    private Bundle install(String name, String version, String conf) throws Exception {
        return context.installBundle("itests:test.service." + name, jar(name, version, conf));
    }

    private static String origin(String name, String version) {
        return "bundle test.service." + name + " " + version + " OSGI-INF/capstan/" + name + ".conf:1";
    }

    @After
    public void nothingAskedTheContainerToShutDown() {
        assertFalse("the container was asked to shut down: " + container, container.isShuttingDown());
    }

    @Test
    public void installingSetsTheStartLevelFromThePriority() throws Exception {
        Bundle b = install("level", "1.0.0", sleeper("level", "up", 300, 25));
        assertEquals("10 + priority, set when the bundle is installed", 35, startLevel(b));
        assertTrue("not started", (b.getState() & (Bundle.INSTALLED | Bundle.RESOLVED)) != 0);
        assertEquals("an installed bundle defines nothing", Optional.empty(), supervisor.service("level"));

        b.update(jar("level", "1.1.0", sleeper("level", "up", 300, 5)));
        assertEquals("an update sets it again", 15, startLevel(b));
        b.update(jar("level", "1.2.0", sleeper("level", "up", 300, 999)));
        assertEquals("supervisord's default priority", 1009, startLevel(b));

        b.uninstall();
        assertEquals(Optional.empty(), supervisor.service("level"));
    }

    @Test
    public void startingRunsTheServiceAndStoppingRemovesIt() throws Exception {
        Bundle b = install("sleeper", "1.0.0", sleeper("sleeper", "up", 300, 25));
        b.start();
        assertEquals("level 35 is within the framework's 2000, so start() starts it at once", Bundle.ACTIVE, b.getState());

        ServiceStatus running = awaitService("sleeper", s -> s.state() == ServiceState.RUNNING, "RUNNING");
        assertEquals(origin("sleeper", "1.0.0"), running.origin());
        assertEquals(25, running.spec().priority());
        int pid = running.pid();
        awaitCommand(pid, "sleep 300");
        assertEquals("a child of this JVM", ProcessHandle.current().pid(), parentOf(pid));
        awaitTrue(() -> new String(logs.tail("sleeper", StreamName.STDOUT, 64), StandardCharsets.UTF_8).contains("up"),
                "its output in the logs bundle's tail");

        b.stop();
        awaitGone("sleeper");
        awaitDead(pid);

        b.start();
        int again = awaitService("sleeper", s -> s.state() == ServiceState.RUNNING, "RUNNING again").pid();
        assertNotEquals(pid, again);
        b.uninstall();
        awaitGone("sleeper");
        awaitDead(again);
    }

    @Test
    public void anUpdateRestartsTheServiceOnlyWhenItsDefinitionChanged() throws Exception {
        Bundle b = install("updated", "1.0.0", sleeper("updated", "up", 300, 25));
        b.start();
        int first = awaitService("updated", s -> s.state() == ServiceState.RUNNING, "RUNNING").pid();

        // A new version, the same definition: only the origin changes, the process stays.
        b.update(jar("updated", "1.0.1", sleeper("updated", "up", 300, 25)));
        ServiceStatus same = awaitService("updated", s -> s.origin().equals(origin("updated", "1.0.1")), "the origin of 1.0.1");
        assertEquals(ServiceState.RUNNING, same.state());
        assertEquals("an unchanged definition restarted the service", first, same.pid());
        awaitCommand(first, "sleep 300");

        // A changed definition: the service restarts with it.
        b.update(jar("updated", "1.1.0", sleeper("updated", "v2", 301, 25)));
        ServiceStatus changed = awaitService("updated",
                s -> s.state() == ServiceState.RUNNING && s.pid() != first, "RUNNING with a new process");
        assertEquals(origin("updated", "1.1.0"), changed.origin());
        awaitCommand(changed.pid(), "sleep 301");
        awaitDead(first);
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals(35, startLevel(b));

        b.uninstall();
        awaitGone("updated");
        awaitDead(changed.pid());
    }

    @Test
    public void uninstallingARunningBundleStopsAndRemovesItsService() throws Exception {
        Bundle b = install("uninstalled", "1.0.0", sleeper("uninstalled", "up", 300, 25));
        b.start();
        int pid = awaitService("uninstalled", s -> s.state() == ServiceState.RUNNING, "RUNNING").pid();

        b.uninstall();
        assertEquals(Bundle.UNINSTALLED, b.getState());
        awaitGone("uninstalled");
        awaitDead(pid);
        assertTrue(supervisor.services().stream().noneMatch(s -> s.name().equals("uninstalled")));
    }

    private static int startLevel(Bundle b) {
        return b.adapt(BundleStartLevel.class).getStartLevel();
    }

    private ServiceStatus awaitService(String name, Predicate<ServiceStatus> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        Optional<ServiceStatus> last = supervisor.service(name);
        while (last.isEmpty() || !condition.test(last.get())) {
            if (System.nanoTime() > deadline) {
                fail(name + " did not become " + what + " within " + TIMEOUT_MS + " ms; last " + last);
            }
            Thread.sleep(20);
            last = supervisor.service(name);
        }
        return last.get();
    }

    private void awaitGone(String name) throws InterruptedException {
        awaitTrue(() -> supervisor.service(name).isEmpty(), name + " to be removed");
    }

    /** Gone from /proc: killed and reaped (a zombie would still be there). */
    private static void awaitDead(int pid) throws InterruptedException {
        awaitTrue(() -> !Files.exists(Path.of("/proc", Integer.toString(pid))), "process " + pid + " to be gone");
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception notYet) {
                // e.g. no output of the service known yet
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + TIMEOUT_MS + " ms for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * RUNNING comes with the spawn (startsecs = 0), so the shell may not have exec'd yet; a
     * process in the middle of exec shows an empty command line.
     */
    private static void awaitCommand(int pid, String command) throws InterruptedException {
        awaitTrue(() -> cmdline(pid).equals(command), "process " + pid + " to run " + command);
    }

    private static String cmdline(int pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ').trim();
    }

    /** Field 4 of /proc/PID/stat, after the parenthesised command name. */
    private static long parentOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }
}
