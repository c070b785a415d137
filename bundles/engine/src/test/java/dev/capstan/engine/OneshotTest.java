package dev.capstan.engine;

import static dev.capstan.api.ServiceState.BACKOFF;
import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** type = oneshot: the s6-overlay cont-init.d job, without a directory of scripts. */
class OneshotTest {
    private final Harness h = new Harness();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void runsToCompletionBeforeItsDependents() throws Exception {
        Path booted = dir.resolve("booted");
        // Defined dependent first, as ConfigAdmin may hand them over in any order.
        h.define(sh("clock", "test -f '" + booted + "' && exec sleep 30")
                .dependsOn(List.of(Dependency.parse("prepare:done"))).priority(20));
        // Longer than startsecs: it is RUNNING for a while, and that is still not done.
        h.define(sh("prepare", "sleep 0.25; echo prepared > '" + booted + "'").type(ServiceType.ONESHOT).priority(10));

        h.awaitState("clock", RUNNING);
        ServiceStatus prepare = h.status("prepare");
        assertEquals(EXITED, prepare.state());
        assertTrue(prepare.ready(), "a oneshot is ready once done");
        assertEquals(0, prepare.lastExit().code());
        assertEquals(List.of(STARTING, RUNNING, EXITED), h.events.states("prepare"));
        assertEquals(true, h.events.of("prepare", EXITED).get(0).get(ServiceEvents.EXPECTED));
        assertTrue(h.events.first("clock", STARTING) > h.events.first("prepare", EXITED));
        assertFalse(h.events.states("clock").contains(BACKOFF), "clock never ran before the file existed");
        assertEquals("prepared", Files.readString(booted).trim());

        // Done is done: nothing restarts it.
        Harness.sleep(200);
        assertEquals(1, h.events.of("prepare", STARTING).size());
    }

    @Test
    void aFailingOneshotFollowsStartretriesThenBlocksItsDependents() {
        h.define(sh("init", "exit 4").type(ServiceType.ONESHOT).startRetries(2));
        h.define(sh("app", "exec sleep 30").dependsOn(List.of(Dependency.parse("init:done"))));
        ServiceStatus fatal = h.awaitState("init", FATAL);
        assertEquals(3, h.events.of("init", STARTING).size());
        assertEquals("failed (exit 4); gave up after 3 attempts", fatal.description());
        ServiceStatus app = h.await("app", s -> s.description().equals("dependency init is FATAL"), "blocked");
        assertEquals(STOPPED, app.state());
    }

    @Test
    void aOneshotThatFailsAfterStartsecsIsStillAFailedStart() {
        h.define(sh("slowfail", "sleep 0.2; exit 1").type(ServiceType.ONESHOT).startRetries(1));
        h.awaitState("slowfail", FATAL);
        assertEquals(List.of(STARTING, RUNNING, BACKOFF, STARTING, RUNNING, BACKOFF, FATAL), h.events.states("slowfail"));
    }
}
