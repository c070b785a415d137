package dev.capstan.engine;

import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.api.ServiceState.STOPPING;
import static dev.capstan.engine.Harness.millis;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.Fault;
import dev.capstan.api.RestartMode;
import dev.capstan.api.SupervisorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutdown: reverse order, waves in parallel, one deadline, then SIGKILL; nothing is left behind. */
class ShutdownTest {
    /** Takes 300 ms to stop on SIGTERM and leaves a child in its group behind. */
    private static final String SLOW_TO_STOP = "trap 'sleep 0.3; exit 0' TERM; sleep 30 & wait";

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void stopsInReverseOrderAndEachWaveInParallel() throws Exception {
        h.define(sh("db", SLOW_TO_STOP).priority(10));
        h.define(sh("app", SLOW_TO_STOP).priority(20).dependsOn(List.of(Dependency.parse("db"))));
        h.define(sh("cache", SLOW_TO_STOP).priority(20));
        h.define(sh("web", SLOW_TO_STOP).priority(20).dependsOn(List.of(Dependency.parse("app"))));
        List<Integer> groups = new ArrayList<>();
        for (String name : List.of("db", "app", "cache", "web")) {
            groups.add(h.awaitState(name, RUNNING).pid());
        }

        long t0 = System.nanoTime();
        Harness.join(h.engine.shutdown());
        long took = millis(System.nanoTime() - t0);

        // Waves: web (priority 20, one deeper than app), then app and cache (20), then db (10).
        long app = h.events.first("app", STOPPING);
        long cache = h.events.first("cache", STOPPING);
        long db = h.events.first("db", STOPPING);
        assertTrue(h.events.first("web", STOPPED) <= Math.min(app, cache), "web stopped before the next wave");
        assertTrue(Math.abs(millis(app - cache)) < 50, "app and cache stopped together");
        assertTrue(Math.max(h.events.first("app", STOPPED), h.events.first("cache", STOPPED)) <= db,
                "db, priority 10, stopped last");
        // Three waves of 300 ms; the order above is the point, the bound only rules out waiting on ticks.
        assertTrue(took >= 900 && took < 2500, "took " + took + " ms");
        for (String name : List.of("db", "app", "cache", "web")) {
            assertEquals(STOPPED, h.status(name).state());
        }
        for (int pgid : groups) {
            assertTrue(Harness.groupEnds(pgid), "group " + pgid + " is empty");
        }
    }

    @Test
    void servicesOfOneLevelStopTogether() throws Exception {
        for (int i = 0; i < 10; i++) {
            h.define(sh("w" + i, SLOW_TO_STOP));
        }
        for (int i = 0; i < 10; i++) {
            h.awaitState("w" + i, RUNNING);
        }
        long t0 = System.nanoTime();
        Harness.join(h.engine.shutdown());
        long took = millis(System.nanoTime() - t0);
        assertTrue(took >= 300 && took < 1000, "took " + took + " ms (one by one: 3000 ms)");
    }

    @Test
    void manyServicesStartAndStopCleanly() throws Exception {
        int n = 300;
        for (int i = 0; i < n; i++) {
            h.define(sh(String.format("s%03d", i), "exec sleep 30").priority(i % 5));
        }
        for (int i = 0; i < n; i++) {
            h.awaitState(String.format("s%03d", i), RUNNING);
        }
        Harness.join(h.engine.shutdown());
        assertTrue(h.engine.services().stream().allMatch(s -> s.state() == STOPPED && s.pid() == 0));
        assertTrue(h.events.posted.stream().noneMatch(p -> p.state() == dev.capstan.api.ServiceState.BACKOFF));
    }

    @Test
    void theDeadlineEndsItWithSigkillToTheWholeGroup() throws Exception {
        h.engine.shutdownTimeout(Duration.ofMillis(500));
        // Ignores TERM, and so does the sleep it starts; stopwaitsecs alone would allow 10 s.
        h.define(sh("stubborn", "trap '' TERM; sleep 30 & wait").stopWait(Duration.ofSeconds(10)).priority(10));
        h.define(sh("polite", "exec sleep 30").priority(20));
        int pgid = h.awaitState("stubborn", RUNNING).pid();
        h.awaitState("polite", RUNNING);

        long t0 = System.nanoTime();
        Harness.join(h.engine.shutdown());
        long took = millis(System.nanoTime() - t0);
        assertTrue(took >= 500 && took < 1500, "took " + took + " ms");
        assertEquals(9, h.status("stubborn").lastExit().signal());
        assertEquals(15, h.status("polite").lastExit().signal());
        assertTrue(Harness.groupEnds(pgid), "nothing of stubborn's group is left");
    }

    @Test
    void afterShutdownNothingStartsOrRestarts() throws Exception {
        h.define(sh("web", "exec sleep 30").restart(RestartMode.ALWAYS));
        h.awaitState("web", RUNNING);
        Harness.join(h.engine.shutdown());
        SupervisorException e = (SupervisorException) Harness.failure(h.engine.start("web"));
        assertEquals(Fault.SHUTDOWN_STATE, e.fault());
        h.define(sh("late", "exec sleep 30"));
        Harness.sleep(150);
        assertEquals(STOPPED, h.status("late").state());
        assertEquals(1, h.events.of("web", STARTING).size());
    }
}
