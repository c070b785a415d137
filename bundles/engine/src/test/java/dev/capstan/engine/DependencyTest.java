package dev.capstan.engine;

import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.engine.Harness.millis;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.capstan.api.Dependency;
import dev.capstan.api.Fault;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import dev.capstan.api.SupervisorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * depends_on and readiness: every {@code ready =} form gates a {@code :ready} dependent, which
 * starts within milliseconds of the moment its dependency is ready, and not before.
 */
class DependencyTest {
    private final Harness h = new Harness();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        h.close();
    }

    private static List<Dependency> deps(String... text) {
        return Arrays.stream(text).map(Dependency::parse).toList();
    }

    /**
     * Defines {@code app} depending on {@code db:ready} and {@code db} as given (its startsecs far
     * away, so RUNNING can only come from readiness), and checks the gate: app waits while db is
     * not ready, then starts right after.
     */
    private void assertGates(ServiceSpec.Builder db, Runnable makeReady) {
        h.define(sh("app", "exec sleep 30").dependsOn(deps("db:ready")));
        h.define(db.startSecs(Duration.ofSeconds(30)));
        h.await("app", s -> s.description().equals("waiting for db:ready"), "waiting");
        Harness.sleep(150);
        assertEquals(STOPPED, h.status("app").state());
        assertFalse(h.status("db").ready());

        makeReady.run();
        h.awaitState("app", RUNNING);
        ServiceStatus dbStatus = h.status("db");
        assertTrue(dbStatus.ready());
        assertEquals(RUNNING, dbStatus.state());
        long dbReady = h.events.first("db", RUNNING);
        long appStart = h.events.first("app", STARTING);
        long waited = millis(dbReady - h.events.first("db", STARTING));
        long gap = millis(appStart - dbReady);
        assertTrue(waited >= 250, "db ready after " + waited + " ms");
        // Usually 1-2 ms (bench/micro measures it); the bound leaves room for a loaded machine and is
        // still far below the 1 s tick supervisord would need.
        assertTrue(gap >= 0 && gap < 200, "app started " + gap + " ms after db was ready");
    }

    @Test
    void notifyFd() {
        assertGates(sh("db", "sleep 0.3; echo >&3; exec sleep 30").ready(new Probe.Notify(3)), () -> { });
    }

    @Test
    void logLine() {
        assertGates(sh("db", "echo starting; sleep 0.3; echo 'listening on 5432'; exec sleep 30")
                .ready(new Probe.LogMatch("listening on \\d+")), () -> { });
    }

    @Test
    void execCommand() {
        Path flag = dir.resolve("ready");
        assertGates(sh("db", "sleep 0.3; touch '" + flag + "'; exec sleep 30")
                .ready(new Probe.Exec("test -f '" + flag + "'", List.of("test", "-f", flag.toString()))), () -> { });
    }

    @Test
    void tcpPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ServerSocket[] listener = new ServerSocket[1];
        try {
            assertGates(ServiceSpec.builder("db", List.of("sleep", "30")).ready(new Probe.Tcp("127.0.0.1", port))
                    .readyTimeout(Duration.ofSeconds(5)), () -> {
                Harness.sleep(100);
                try {
                    listener[0] = new ServerSocket();
                    listener[0].setReuseAddress(true);
                    listener[0].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            if (listener[0] != null) {
                listener[0].close();
            }
        }
    }

    @Test
    void httpTwoHundred() throws IOException {
        AtomicBoolean healthy = new AtomicBoolean();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(healthy.get() ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertGates(ServiceSpec.builder("db", List.of("sleep", "30"))
                    .ready(new Probe.Http(URI.create("http://127.0.0.1:" + port + "/health")))
                    .readyTimeout(Duration.ofSeconds(5)), () -> {
                Harness.sleep(100);
                healthy.set(true);
            });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBareNameWaitsForRunning() {
        h.define(sh("app", "exec sleep 30").dependsOn(deps("db")));
        h.define(sh("db", "exec sleep 30").startSecs(Duration.ofMillis(300)));
        h.awaitState("app", RUNNING);
        long gap = millis(h.events.first("app", STARTING) - h.events.first("db", RUNNING));
        assertTrue(gap >= 0 && gap < 200, "app started " + gap + " ms after db was RUNNING");
    }

    @Test
    void notReadyWithinReadyTimeoutIsAFailedStart() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        h.define(ServiceSpec.builder("db", List.of("sleep", "30")).ready(new Probe.Tcp("127.0.0.1", port))
                .readyTimeout(Duration.ofMillis(300)).startRetries(0).startSecs(Duration.ofMillis(100)));
        ServiceStatus fatal = h.awaitState("db", FATAL);
        assertTrue(fatal.description().startsWith("not ready within 300 ms (tcp:127.0.0.1:" + port + ": connect"),
                fatal.description());
        assertEquals(15, fatal.lastExit().signal(), "stopped with its stopsignal");
    }

    @Test
    void aServiceWhoseDependencyWentFatalIsNotStartedAndSaysWhy() throws Exception {
        h.define(ServiceSpec.builder("db", List.of("/nonexistent/db")).startRetries(0));
        h.define(sh("app", "exec sleep 30").dependsOn(deps("db:ready")));
        h.awaitState("db", FATAL);
        ServiceStatus app = h.await("app", s -> s.description().equals("dependency db is FATAL"), "blocked");
        assertEquals(STOPPED, app.state());
        assertTrue(h.events.of("app").isEmpty(), "app never changed state");

        SupervisorException e = (SupervisorException) Harness.failure(h.engine.start("app"));
        assertEquals(Fault.SPAWN_ERROR, e.fault());
        assertEquals("app: dependency db is FATAL", e.getMessage());
    }

    @Test
    void anUnknownDependencyWaitsUntilItIsDefined() {
        h.define(sh("app", "exec sleep 30").dependsOn(deps("db")));
        h.await("app", s -> s.description().equals("waiting for db (not defined)"), "waiting");
        Harness.sleep(100);
        assertEquals(STOPPED, h.status("app").state());
        h.define(sh("db", "exec sleep 30"));
        h.awaitState("app", RUNNING);
    }

    @Test
    void aDependencyThatIsNotAutostartIsStartedForItsDependent() {
        h.define(sh("db", "exec sleep 30").autostart(false));
        Harness.sleep(100);
        assertEquals(STOPPED, h.status("db").state());
        h.define(sh("app", "exec sleep 30").dependsOn(deps("db")));
        h.awaitState("app", RUNNING);
        assertEquals(RUNNING, h.status("db").state());
    }

    @Test
    void independentServicesStartInParallelInPriorityOrder() {
        for (int i = 0; i < 5; i++) {
            h.define(sh("s" + i, "sleep 0.5; echo >&3; exec sleep 30").priority(50 - i).autostart(false)
                    .ready(new Probe.Notify(3)).startSecs(Duration.ofSeconds(30)));
        }
        // Defined one by one, started together: as a configuration reader hands them over.
        for (int i = 0; i < 5; i++) {
            h.engine.start("s" + i);
        }
        for (int i = 0; i < 5; i++) {
            h.awaitState("s" + i, RUNNING);
        }
        long last = h.events.first("s0", STARTING);
        long firstReady = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            last = Math.max(last, h.events.first("s" + i, STARTING));
            firstReady = Math.min(firstReady, h.events.first("s" + i, RUNNING));
        }
        assertTrue(last < firstReady, "every service spawned before the first was ready");
    }

    @Test
    void lowerPriorityIsSpawnedFirst() {
        // All five wait for the same oneshot, so one pass of the gate releases them together.
        for (int i = 0; i < 5; i++) {
            h.define(sh("p" + i, "exec sleep 30").priority(50 - i * 10).dependsOn(deps("go:done")));
        }
        h.define(sh("go", "sleep 0.1").type(ServiceType.ONESHOT).priority(1));
        for (int i = 0; i < 5; i++) {
            h.awaitState("p" + i, RUNNING);
        }
        List<String> spawnOrder = h.events.posted.stream()
                .filter(p -> p.state() == STARTING && p.name().startsWith("p"))
                .map(RecordingEvents.Posted::name).toList();
        assertEquals(List.of("p4", "p3", "p2", "p1", "p0"), spawnOrder);
    }

    @Test
    void aBatchOfDefinitionsStartsInStartOrderWhateverOrderItArrivedIn() {
        // ConfigAdmin hands a file's services over in its own order: here, the reverse.
        for (int i = 4; i >= 0; i--) {
            h.define(sh("b" + i, "exec sleep 30").priority(10 + i * 10));
        }
        for (int i = 0; i < 5; i++) {
            h.awaitState("b" + i, RUNNING);
        }
        List<String> spawnOrder = h.events.posted.stream()
                .filter(p -> p.state() == STARTING && p.name().startsWith("b"))
                .map(RecordingEvents.Posted::name).toList();
        assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), spawnOrder);
    }
}
