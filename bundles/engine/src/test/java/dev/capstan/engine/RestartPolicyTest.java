package dev.capstan.engine;

import static dev.capstan.api.ServiceState.BACKOFF;
import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.engine.Harness.millis;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.SupervisorException;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** supervisord's restart rules, plus exponential backoff and the crash-loop breaker, with real processes. */
class RestartPolicyTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void respawnsAtOnceAfterARunLongerThanStartsecs() {
        h.define(ServiceSpec.builder("web", List.of("sleep", "30")).startSecs(Duration.ofMillis(100)));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int pid = h.awaitState("web", RUNNING).pid();
            long killed = System.nanoTime();
            h.engine.signal("web", Signal.KILL);
            h.await("web", s -> s.pid() != pid && s.pid() != 0, "respawned");
            long respawned = h.events.of("web", STARTING).stream()
                    .filter(p -> p.pid() != pid && p.nanos() > killed)
                    .mapToLong(RecordingEvents.Posted::nanos).min().orElseThrow();
            latencies.add(respawned - killed);
        }
        Collections.sort(latencies);
        double median = latencies.get(latencies.size() / 2) / 1e6;
        assertTrue(median < 50, "median respawn " + median + " ms");

        // Each death after a good run is EXITED (killed: not expected), then STARTING: never BACKOFF.
        assertFalse(h.events.states("web").contains(BACKOFF));
        RecordingEvents.Posted exited = h.events.of("web", EXITED).get(0);
        assertEquals(9, exited.get(ServiceEvents.SIGNAL));
        assertEquals(false, exited.get(ServiceEvents.EXPECTED));
        assertEquals(0, h.status("web").tries());
    }

    @Test
    void failedStartsBackOffExponentiallyThenGoFatal() {
        // Uncapped, the third wait would be 1200 ms: the margins below tell 700 from it even on a
        // machine busy with other builds.
        h.define(sh("flaky", "exit 3").startRetries(3)
                .backoffInitial(Duration.ofMillis(300)).backoffMax(Duration.ofMillis(700)));
        ServiceStatus fatal = h.awaitState("flaky", FATAL);

        List<Long> starts = h.events.of("flaky", STARTING).stream().map(RecordingEvents.Posted::nanos).toList();
        assertEquals(4, starts.size(), "1 + startretries spawns");
        long[] expected = {300, 600, 700};
        for (int i = 0; i < 3; i++) {
            long gap = millis(starts.get(i + 1) - starts.get(i));
            assertTrue(gap >= expected[i] && gap < expected[i] + 450, "gap " + i + " was " + gap + " ms");
        }
        // As supervisord: the last failed start is a BACKOFF too (tries 4), then FATAL from BACKOFF.
        assertEquals(List.of(1, 2, 3, 4), h.events.of("flaky", BACKOFF).stream()
                .map(p -> p.get(ServiceEvents.TRIES)).toList());
        assertEquals("BACKOFF", h.events.of("flaky", FATAL).get(0).get(ServiceEvents.FROM_STATE));
        assertEquals(4, fatal.tries());
        assertEquals("Exited too quickly (process log may have details); exit 3; gave up after 4 attempts", fatal.description());
        assertEquals(3, fatal.lastExit().code());
    }

    @Test
    void aMissingCommandGoesFatalWithTheSystemsReason() throws Exception {
        h.define(ServiceSpec.builder("mihomo", List.of("/usr/bin/mihomo-not-installed"))
                .startRetries(1).backoffInitial(Duration.ofMillis(20)));
        ServiceStatus fatal = h.awaitState("mihomo", FATAL);
        assertTrue(fatal.description().startsWith("spawn /usr/bin/mihomo-not-installed: No such file or directory"),
                fatal.description());
        assertEquals(0, fatal.pid());

        SupervisorException e = (SupervisorException) Harness.failure(h.engine.start("mihomo"));
        assertEquals(Fault.SPAWN_ERROR, e.fault());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void theBreakerStopsAServiceThatKeepsDyingAfterAGoodStart() {
        // startsecs 0: every run counts as started, so backoff never applies; only the breaker can stop it.
        h.define(sh("flapper", "sleep 0.02; exit 1").startSecs(Duration.ZERO).restart(RestartMode.ALWAYS)
                .restartLimit(3).restartWindow(Duration.ofSeconds(10)));
        ServiceStatus fatal = h.awaitState("flapper", FATAL);
        assertEquals(4, h.events.of("flapper", STARTING).size(), "the first start and 3 restarts");
        assertFalse(h.events.states("flapper").contains(BACKOFF));
        assertEquals("restarted 3 times within 10 s (restart_limit); not restarting", fatal.description());
    }

    /**
     * restart_limit = 0 turns the breaker off, not the pacing: past the restarts within
     * restart_window that happen at once, each waits the backoff, doubling (without it, a service
     * that dies at once is spawned as fast as the machine can).
     */
    @Test
    void restartsPastTheImmediateOnesWaitTheBackoffWhateverTheLimit() {
        h.define(sh("spinner", "exit 1").startSecs(Duration.ZERO).restart(RestartMode.ALWAYS).restartLimit(0)
                .backoffInitial(Duration.ofMillis(100)).backoffMax(Duration.ofMillis(400)));
        int immediate = CrashLoopBreaker.IMMEDIATE;
        h.await("spinner", s -> h.events.of("spinner", STARTING).size() >= immediate + 5, "restarted past the immediate ones",
                Duration.ofSeconds(10));
        List<Long> spawns = h.events.of("spinner", STARTING).stream().map(RecordingEvents.Posted::nanos).toList();
        long[] waits = {100, 200, 400, 400};
        for (int i = 0; i < waits.length; i++) {
            long gap = millis(spawns.get(immediate + i + 1) - spawns.get(immediate + i));
            assertTrue(gap >= waits[i], "restart " + (immediate + i + 1) + " came " + gap + " ms after the spawn before");
        }
        assertTrue(h.status("spinner").state() != FATAL);
    }

    @Test
    void autorestartUnexpectedRestartsOnlyUnexpectedExits() {
        h.define(sh("clean", "sleep 0.15; exit 0").restart(RestartMode.UNEXPECTED));
        h.define(sh("dirty", "sleep 0.15; exit 2").restart(RestartMode.UNEXPECTED));
        h.define(sh("two", "sleep 0.15; exit 2").restart(RestartMode.UNEXPECTED).exitCodes(Set.of(0, 2)));
        h.await("dirty", s -> h.events.of("dirty", STARTING).size() >= 3, "restarted twice");
        assertEquals(EXITED, h.status("clean").state());
        assertEquals(EXITED, h.status("two").state());
        assertEquals(1, h.events.of("clean", STARTING).size());
        assertEquals(1, h.events.of("two", STARTING).size());
        assertEquals(true, h.events.of("two", EXITED).get(0).get(ServiceEvents.EXPECTED));
    }

    @Test
    void restartAlwaysAndNever() {
        h.define(sh("always", "sleep 0.15; exit 0").restart(RestartMode.ALWAYS));
        h.define(sh("never", "sleep 0.15; exit 1").restart(RestartMode.NEVER));
        h.await("always", s -> h.events.of("always", STARTING).size() >= 3, "restarted twice");
        ServiceStatus never = h.status("never");
        assertEquals(EXITED, never.state());
        assertEquals(1, never.lastExit().code());
        assertEquals(1, h.events.of("never", STARTING).size());
    }

    @Test
    void stopEscalatesToSigkillAfterStopwaitsecsAndLeavesNothingInTheGroup() throws Exception {
        h.define(sh("stubborn", "trap '' TERM; sleep 30 & wait").stopWait(Duration.ofMillis(300)));
        int pid = h.awaitState("stubborn", RUNNING).pid();
        assertFalse(Harness.groupMembers(pid).isEmpty());
        long t0 = System.nanoTime();
        ServiceStatus stopped = Harness.join(h.engine.stop("stubborn"));
        long took = millis(System.nanoTime() - t0);
        assertTrue(took >= 300 && took < 1500, "stopped after " + took + " ms");
        assertEquals(9, stopped.lastExit().signal());
        // sh ignored TERM and so did the sleep it left; both are gone with the group.
        h.await("stubborn", s -> Harness.groupMembers(pid).isEmpty(), "without a group");
    }
}
