package dev.capstan.engine;

import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.FatalAction;
import dev.capstan.api.Probe;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What s6 and s6-rc do that services of an s6-overlay tree rely on: finish scripts and their
 * exit 125, oneshots' down, pipes between producers and consumers, and the container's CMD
 * waiting for services to settle, with a limit.
 */
class S6SemanticsTest {
    private final Harness h = new Harness();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private void awaitLines(Path file, int count) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines(file).size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " has " + lines(file) + ", not " + count + " lines");
            }
            Harness.sleep(5);
        }
    }

    @Test
    void finishRunsAfterEachExitWithTheExitCodeAndSignalAndExit125StopsTheRestarts() throws Exception {
        Path log = dir.resolve("log");
        Path count = dir.resolve("count");
        // Up past startsecs, then exit 3; the third time, kill itself with SIGKILL.
        h.define(sh("svc", "n=$(cat '" + count + "' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + count + "'; "
                + "echo run $n >> '" + log + "'; sleep 0.2; [ $n -lt 3 ] && exit 3; kill -9 $$")
                .restart(RestartMode.ALWAYS)
                .finish(List.of("sh", "-c", "echo finish \"$1 $2 $3\" >> '" + log + "'; [ \"$1\" = 256 ] && exit 125; exit 0",
                        "finish")));
        awaitLines(log, 6);
        ServiceStatus s = h.await("svc", st -> st.state() == EXITED && st.description().contains("125"), "given up");
        assertEquals("finish exited 125: not restarted", s.description());
        assertEquals(List.of("run 1", "finish 3 0 svc", "run 2", "finish 3 0 svc", "run 3", "finish 256 9 svc"),
                lines(log));
        Harness.sleep(300);
        assertEquals(6, lines(log).size(), "not restarted after exit 125");

        // An explicit start brings it back.
        Files.writeString(count, "0\n");
        h.engine.start("svc");
        h.awaitState("svc", RUNNING);
    }

    @Test
    void aStopWaitsForTheFinishAndTheFinishGetsThePgid() throws Exception {
        Path log = dir.resolve("log");
        h.define(sh("svc", "exec sleep 30")
                .finish(List.of("sh", "-c", "sleep 0.3; echo \"$1 $2 $3 $4\" >> '" + log + "'", "finish")));
        int pid = h.awaitState("svc", RUNNING).pid();
        ServiceStatus stopped = Harness.join(h.engine.stop("svc"));
        assertEquals(STOPPED, stopped.state());
        assertEquals(List.of("256 15 svc " + pid), lines(log), "the finish ran before the stop completed");
    }

    @Test
    void aFinishPastItsTimeoutIsKilled() throws Exception {
        Path log = dir.resolve("log");
        h.define(sh("svc", "sleep 0.2; exit 1")
                .restart(RestartMode.NEVER)
                .finish(List.of("sh", "-c", "echo started >> '" + log + "'; sleep 30; echo never >> '" + log + "'"))
                .finishTimeout(Duration.ofMillis(300)));
        h.awaitState("svc", EXITED);
        assertEquals(List.of("started"), lines(log));
    }

    @Test
    void aOneshotsDownRunsWhenItIsStoppedAndAtShutdownInReverseOrder() throws Exception {
        Path log = dir.resolve("log");
        for (String name : List.of("first", "second")) {
            h.define(sh(name, "echo up " + name + " >> '" + log + "'").type(ServiceType.ONESHOT)
                    .down(List.of("sh", "-c", "echo down " + name + " >> '" + log + "'"))
                    .priority(name.equals("first") ? 1 : 2));
        }
        h.define(sh("plain", "echo up plain >> '" + log + "'").type(ServiceType.ONESHOT).priority(3));
        h.awaitState("second", EXITED);
        h.awaitState("plain", EXITED);

        Harness.join(h.engine.stop("second"));
        assertEquals(STOPPED, h.status("second").state());
        assertTrue(lines(log).contains("down second"), lines(log).toString());
        Harness.join(h.engine.start("second"));

        h.engine.shutdown().get();
        List<String> all = lines(log);
        assertEquals(List.of("down second", "down first"),
                all.subList(all.size() - 2, all.size()), "the last started stops first: " + all);
        assertEquals(STOPPED, h.status("first").state());
    }

    @Test
    void aProducersOutputReachesItsConsumerThroughAPipeThatOutlivesEitherEnd() throws Exception {
        Path out = dir.resolve("out");
        h.define(sh("logger", "while read -r line; do echo \"got $line\" >> '" + out + "'; done; echo eof >> '" + out + "'")
                .restart(RestartMode.ALWAYS));
        h.define(sh("app", "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.05; done")
                .restart(RestartMode.ALWAYS).producerFor("logger")
                .dependsOn(List.of(Dependency.parse("logger:ready"))));
        awaitLines(out, 3);
        assertTrue(lines(out).get(0).startsWith("got line "), lines(out).toString());

        Harness.join(h.engine.restart("app"));
        int before = lines(out).size();
        awaitLines(out, before + 3);
        assertFalse(lines(out).contains("eof"), "the consumer never sees the end of its input");

        Harness.join(h.engine.restart("logger"));
        before = lines(out).size();
        awaitLines(out, before + 3);
        assertTrue(lines(out).get(lines(out).size() - 1).startsWith("got line "), lines(out).toString());
    }

    @Test
    void settledIsReadyOrGivenUp() throws Exception {
        h.define(sh("broken", "exit 1").startRetries(0));
        h.define(sh("ok", "exec sleep 30"));
        h.define(sh("main", "exec sleep 30").dependsOn(List.of(Dependency.parse("broken:settled"),
                Dependency.parse("ok:settled"))));
        h.awaitState("broken", ServiceState.FATAL);
        h.awaitState("main", RUNNING);
        assertTrue(h.status("ok").ready());
    }

    @Test
    void dependsTimeoutStartsItAnywayOrEndsTheContainerWithTwo() throws Exception {
        h.define(sh("never", "exec sleep 30").ready(new Probe.Notify(3)).readyTimeout(Duration.ZERO));
        h.define(sh("patient", "exec sleep 30").dependsOn(List.of(Dependency.parse("never:ready")))
                .dependsTimeout(Duration.ofMillis(300)));
        h.awaitState("patient", RUNNING);
        assertFalse(h.status("never").ready());
        assertEquals(RUNNING, h.status("never").state(), "ready_timeout = 0 waits as long as it takes");

        h.define(sh("strict", "exec sleep 30").dependsOn(List.of(Dependency.parse("never:ready")))
                .dependsTimeout(Duration.ofMillis(300)).onFatal(FatalAction.SHUTDOWN));
        h.await("strict", st -> st.state() == ServiceState.FATAL, "FATAL");
        assertEquals(List.of(2), h.container.shutdowns);
    }
}
