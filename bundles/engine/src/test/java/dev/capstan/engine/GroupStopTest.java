package dev.capstan.engine;

import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service is its process group, and a stop gives the whole group its grace: a shell wrapper
 * whose workers need a moment for their SIGTERM gets them finished, with stopasgroup or without;
 * SIGKILL goes only to what is left when stopwaitsecs ends; a main process that ends by itself
 * leaves no worker behind for the next run, and none is killed without its stop signal first;
 * a member that not even SIGKILL ends does not hold the service for good.
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

    /**
     * A member that SIGKILL cannot end is not waited for past a few seconds: here a zombie, which
     * the kernel keeps in its process group until its parent reaps it, and whose parent does not
     * (it is in a group of its own, out of reach of the service's signals, as a daemon's double
     * fork gone wrong leaves it). The service stops without it.
     */
    @Test
    void aMemberThatOutlivesSigkillIsLeftBehind() throws Exception {
        Path release = dir.resolve("release");
        String script = String.join("\n",
                "import os, time",
                "leader = os.getpid()",
                "if os.fork() == 0:",
                "    os.setpgid(0, 0)",
                "    if os.fork() == 0:",
                "        os.setpgid(0, leader)",
                "        time.sleep(1000)",
                "    while not os.path.exists('" + release + "'):",
                "        time.sleep(0.05)",
                "    os._exit(0)",
                "time.sleep(1000)");
        h.define(ServiceSpec.builder("double-fork", List.of("python3", "-c", script))
                .startSecs(Duration.ofMillis(100)).stopAsGroup(true).stopWait(Duration.ofMillis(300)));
        int pgid = h.awaitState("double-fork", RUNNING).pid();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Harness.groupMembers(pgid).size() < 2) {
                assertTrue(System.nanoTime() < deadline, "the grandchild never joined the group");
                Harness.sleep(10);
            }
            ServiceStatus stopped = h.engine.stop("double-fork").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(STOPPED, stopped.state());
            List<Integer> zombies = Harness.groupZombies(pgid);
            assertEquals(1, zombies.size(), "the member SIGKILL did not end is still in the group: " + zombies);
            assertNotEquals(pgid, Harness.parent(zombies.get(0)), "and its parent is not the service");
        } finally {
            Files.writeString(release, "");
        }
    }
}
