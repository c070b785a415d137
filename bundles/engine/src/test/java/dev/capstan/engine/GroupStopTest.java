package dev.capstan.engine;

import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service is its process group, and a stop gives the whole group its grace: a shell wrapper
 * whose workers need a moment for their SIGTERM gets them finished, with stopasgroup or without;
 * SIGKILL goes only to what is left when stopwaitsecs ends; a main process that ends by itself
 * leaves no worker behind for the next run, and none is killed without its stop signal first.
 */
class GroupStopTest {
    private final Harness h = new Harness();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        h.close();
    }

    /** Two workers that take 300 ms over a SIGTERM and then write "done" to {@code mark}; the wrapper waits. */
    private static String wrapper(Path mark) {
        return "for i in 1 2; do sh -c 'trap \"sleep 0.3; echo done >> " + mark + "; exit 0\" TERM; "
                + "while :; do sleep 0.05; done' & done; wait";
    }

    @Test
    void withStopasgroupTheWorkersFinishTheirStop() throws Exception {
        Path mark = dir.resolve("done");
        h.define(sh("wrapper", wrapper(mark)).stopAsGroup(true).stopWait(Duration.ofSeconds(5)));
        int pgid = h.awaitState("wrapper", RUNNING).pid();
        ServiceStatus stopped = Harness.join(h.engine.stop("wrapper"));
        assertEquals(15, stopped.lastExit().signal(), "the wrapper itself died of its SIGTERM");
        assertEquals(List.of("done", "done"), Files.readAllLines(mark), "both workers finished their stop");
        assertTrue(Harness.groupMembers(pgid).isEmpty(), "stopped only once the group was gone");
    }

    @Test
    void withoutStopasgroupTheWorkersGetTheStopSignalOnceTheWrapperIsGone() throws Exception {
        Path mark = dir.resolve("done");
        h.define(sh("wrapper", wrapper(mark)).stopWait(Duration.ofSeconds(5)));
        int pgid = h.awaitState("wrapper", RUNNING).pid();
        Harness.join(h.engine.stop("wrapper"));
        assertEquals(List.of("done", "done"), Files.readAllLines(mark), "both workers got SIGTERM and finished");
        assertTrue(Harness.groupMembers(pgid).isEmpty(), "stopped only once the group was gone");
    }

    @Test
    void sigkillOnlyForWhatIsLeftWhenTheGraceEnds() throws Exception {
        // The workers ignore SIGTERM; the wrapper dies of it at once.
        h.define(sh("wrapper", "for i in 1 2; do sh -c 'trap \"\" TERM; while :; do sleep 0.05; done' & done; wait")
                .stopAsGroup(true).stopWait(Duration.ofMillis(400)));
        int pgid = h.awaitState("wrapper", RUNNING).pid();
        long t0 = System.nanoTime();
        Harness.join(h.engine.stop("wrapper"));
        long took = Harness.millis(System.nanoTime() - t0);
        assertTrue(took >= 400, "the workers were killed after " + took + " ms, before stopwaitsecs ended");
        assertTrue(Harness.groupMembers(pgid).isEmpty(), "nothing of the group is left");
    }

    @Test
    void aMainProcessThatEndsLeavesNoWorkerToTheNextRun() throws Exception {
        Path mark = dir.resolve("done");
        h.define(sh("wrapper", "sh -c 'trap \"sleep 0.3; echo done >> " + mark + "; exit 0\" TERM; "
                + "while :; do sleep 0.05; done' & sleep 0.3; exit 3")
                .restart(RestartMode.ALWAYS).stopWait(Duration.ofSeconds(5)));
        int first = h.awaitState("wrapper", RUNNING).pid();
        h.await("wrapper", s -> h.events.of("wrapper", STARTING).size() >= 2, "started again");
        assertNotEquals(first, h.status("wrapper").pid());
        assertEquals(List.of("done"), Files.readAllLines(mark), "the worker got SIGTERM and finished first");
        assertTrue(Harness.groupMembers(first).isEmpty(), "nothing of the first run's group is left");
        assertEquals(3, h.events.of("wrapper", EXITED).get(0).get(ServiceEvents.EXIT_CODE));
    }
}
