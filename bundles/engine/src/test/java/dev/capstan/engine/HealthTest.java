package dev.capstan.engine;

import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Probe;
import dev.capstan.api.Readiness;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What /readyz, /healthz and capstanctl health answer, on the real engine and real processes:
 * readiness as {@link Readiness} reads the engine's states, liveness as the engine's thread
 * answering, and the counters /metrics shows.
 */
class HealthTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> notReady() {
        return Readiness.notReady(h.engine.services()).stream().map(ServiceStatus::name).sorted().toList();
    }

    @Test
    void startingAndNotReadyAreNotReadyAFinishedOneshotIs() throws Exception {
        int port = freePort();
        h.define(sh("slow", "exec sleep 30").startSecs(Duration.ofSeconds(30)));
        h.define(sh("api", "exec sleep 30").ready(new Probe.Tcp("127.0.0.1", port)).readyTimeout(Duration.ofSeconds(30)));
        h.define(sh("job", "sleep 0.4").type(ServiceType.ONESHOT));
        h.define(sh("manual", "exec sleep 30").autostart(false));

        h.awaitState("slow", STARTING);
        h.awaitState("job", RUNNING);
        ServiceStatus api = h.awaitState("api", RUNNING);
        assertFalse(api.ready());
        assertEquals(List.of("api", "job", "slow"), notReady(), "STARTING, RUNNING but not ready, a oneshot at work");
        assertEquals("starting", Readiness.reason(h.status("slow")));
        assertEquals("still running", Readiness.reason(h.status("job")));
        assertTrue(Readiness.reason(api).startsWith("waiting for readiness"), Readiness.reason(api));

        h.awaitState("job", EXITED);
        assertEquals(List.of("api", "slow"), notReady(), "a oneshot that finished well is ready");

        try (ServerSocket listening = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
            h.await("api", ServiceStatus::ready, "ready");
            assertEquals(List.of("slow"), notReady());
            Harness.join(h.engine.stop("slow"));
            assertEquals(List.of("slow"), notReady(), "an autostart service stopped by hand is not ready");
            Harness.join(h.engine.remove("slow"));
            assertEquals(List.of(), notReady(), "the service that does not start by itself is not counted");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aFailedOneshotAndAnEndedLongrunAreNotReady() {
        h.define(sh("init", "exit 4").type(ServiceType.ONESHOT).startRetries(0));
        h.define(sh("once", "sleep 0.2; exit 0").restart(RestartMode.NEVER));
        h.awaitState("init", FATAL);
        h.awaitState("once", EXITED);
        assertEquals(List.of("init", "once"), notReady());
        assertEquals("exited (exit 0)", Readiness.reason(h.status("once")));
    }

    @Test
    void restartsAndSpawnFailuresAreCounted() {
        h.define(sh("crash", "sleep 0.15; exit 1").restart(RestartMode.ALWAYS).restartLimit(0));
        h.define(sh("missing", "true").command(List.of("/nonexistent/daemon")).startRetries(2));
        h.await("crash", s -> s.restarts() >= 2, "restarted twice");
        ServiceStatus missing = h.awaitState("missing", FATAL);
        assertEquals(3, missing.spawnFailures(), "the first start and two retries");
        assertEquals(0, missing.restarts(), "no process, so nothing restarted");
        assertEquals(0, h.status("crash").spawnFailures());
    }

    @Test
    void anOperatorsRestartCountsAndTheFirstStartDoesNot() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        h.awaitState("web", RUNNING);
        assertEquals(0, h.status("web").restarts());
        Harness.join(h.engine.restart("web"));
        assertEquals(1, h.status("web").restarts());
    }

    @Test
    void theEngineIsLiveWhileItsThreadAnswers() throws Exception {
        assertTrue(h.engine.responsive(Duration.ofSeconds(5)));
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.engine.loop().execute(() -> {
            stuck.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(stuck.await(5, TimeUnit.SECONDS));
        assertFalse(h.engine.responsive(Duration.ofMillis(100)), "a stuck engine thread is not live");
        assertFalse(h.engine.responsive(Duration.ofMillis(100)));
        assertEquals(1, h.engine.loop().getQueue().size(), "callers share one pending no-op");
        release.countDown();
        assertTrue(h.engine.responsive(Duration.ofSeconds(5)));

        Harness closed = new Harness();
        closed.close();
        assertFalse(closed.engine.responsive(Duration.ofSeconds(5)), "a closed engine is not live");
    }

    @Test
    void everyPostedStateChangeIsCounted() {
        h.define(sh("web", "exec sleep 30"));
        h.awaitState("web", RUNNING);
        assertEquals(h.events.posted.size(), h.engine.events());
        assertTrue(h.engine.events() >= 2, "STARTING and RUNNING");
    }
}
