package dev.capstan.engine;

import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.api.ServiceState.STOPPING;
import static dev.capstan.engine.Harness.millis;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.SupervisorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Supervisor service as the shell and the configuration readers use it. */
class SupervisorApiTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void anUnchangedDefinitionTouchesNothingAChangedOneRestarts() {
        ServiceSpec.Builder web = sh("web", "echo \"$SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME "
                + "$SUPERVISOR_ENABLED $GREETING\"; exec sleep 30").environment(Map.of("GREETING", "hello"));
        h.define(web);
        int pid = h.awaitState("web", RUNNING).pid();
        h.define(web);
        Harness.sleep(150);
        assertEquals(pid, h.status("web").pid());
        assertEquals(1, h.events.of("web", STARTING).size());

        h.define(web.environment(Map.of("GREETING", "bye")));
        int next = h.await("web", s -> s.state() == RUNNING && s.pid() != pid, "restarted").pid();
        assertNotEquals(pid, next);
        assertEquals("bye", h.status("web").spec().environment().get("GREETING"));
        assertEquals(List.of("web web 1 hello", "web web 1 bye"), h.logs.lines("web"));
    }

    @Test
    void aNewDefinitionDuringAStopOnRequestDoesNotStartItAgain() throws Exception {
        h.define(sh("web", "trap 'sleep 0.2; exit 0' TERM; sleep 30 & wait"));
        h.awaitState("web", RUNNING);
        var stopping = h.engine.stop("web");
        h.awaitState("web", STOPPING);
        h.define(sh("web", "exec sleep 30"));
        assertEquals(STOPPED, Harness.join(stopping).state());
        Harness.sleep(150);
        assertEquals(STOPPED, h.status("web").state());
        assertEquals("exec sleep 30", h.status("web").spec().command().get(2));
    }

    @Test
    void aFatalServiceComesBackWhenItsDefinitionIsFixed() {
        h.define(ServiceSpec.builder("proxy", List.of("/opt/missing/mihomo")).startRetries(0));
        h.awaitState("proxy", FATAL);
        h.define(sh("proxy", "exec sleep 30"));
        h.awaitState("proxy", RUNNING);
    }

    @Test
    void startCompletesWhenRunningAndReady() throws Exception {
        h.define(sh("db", "sleep 0.3; echo >&3; exec sleep 30").autostart(false)
                .ready(new Probe.Notify(3)).startSecs(Duration.ofSeconds(30)));
        long t0 = System.nanoTime();
        ServiceStatus started = Harness.join(h.engine.start("db"));
        long took = millis(System.nanoTime() - t0);
        assertEquals(RUNNING, started.state());
        assertTrue(started.ready());
        assertTrue(took >= 300 && took < 1000, "start took " + took + " ms");
    }

    @Test
    void commandsFailAsSupervisorctlExpects() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        h.awaitState("web", RUNNING);
        assertEquals(Fault.ALREADY_STARTED, fault(h.engine.start("web")));
        assertEquals(Fault.BAD_NAME, fault(h.engine.start("nosuch")));

        ServiceStatus stopped = Harness.join(h.engine.stop("web"));
        assertEquals(STOPPED, stopped.state());
        assertEquals(15, stopped.lastExit().signal());
        assertEquals(Fault.NOT_RUNNING, fault(h.engine.stop("web")));
        SupervisorException e = assertThrowsSupervisor(() -> h.engine.signal("web", dev.capstan.process.Signal.HUP));
        assertEquals(Fault.NOT_RUNNING, e.fault());

        h.define(sh("crash", "exit 1").autostart(false).startSecs(Duration.ofSeconds(1)));
        assertEquals(Fault.ABNORMAL_TERMINATION, fault(h.engine.start("crash")));
    }

    @Test
    void restartGivesANewProcessAndStopWaitsForTheExit() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        int pid = h.awaitState("web", RUNNING).pid();
        ServiceStatus restarted = Harness.join(h.engine.restart("web"));
        assertEquals(RUNNING, restarted.state());
        assertNotEquals(pid, restarted.pid());
        assertFalse(Harness.alive(pid), "the old process was reaped before the new one counted as started");
    }

    @Test
    void servicesAreListedInStartOrderAndFoundByFullName() throws Exception {
        h.define(sh("w1", "exec sleep 30").group("workers").priority(30));
        h.define(sh("db", "exec sleep 30").priority(10));
        h.define(sh("w0", "exec sleep 30").group("workers").priority(30));
        assertEquals(List.of("db", "workers:w0", "workers:w1"),
                h.engine.services().stream().map(ServiceStatus::fullName).toList());
        assertEquals("w0", h.engine.service("workers:w0").orElseThrow().name());
        assertTrue(h.engine.service("other:w0").isEmpty());
        Harness.join(h.engine.remove("workers:w1"));
        assertTrue(h.engine.service("w1").isEmpty());
        assertEquals(2, h.engine.services().size());
    }

    @Test
    void removeStopsTheProcessAndForgetsTheService() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        int pid = h.awaitState("web", RUNNING).pid();
        Harness.join(h.engine.remove("web"));
        assertTrue(h.engine.service("web").isEmpty());
        assertFalse(Harness.alive(pid));
        assertEquals(Fault.BAD_NAME, fault(h.engine.start("web")));
    }

    @Test
    void aDefinitionDuringARemovalKeepsTheService() throws Exception {
        // Takes 300 ms to stop, so the new definition arrives while the removal waits for it.
        ServiceSpec spec = sh("web", "trap 'sleep 0.3; exit 0' TERM; while :; do sleep 0.05; done")
                .stopWait(Duration.ofSeconds(5)).build();
        h.engine.define(spec, "test");
        int pid = h.awaitState("web", RUNNING).pid();
        CompletionStage<Void> removal = h.engine.remove("web");
        h.awaitState("web", STOPPING);
        h.engine.define(spec, "test again");
        Harness.join(removal);
        int again = h.await("web", st -> st.state() == RUNNING && st.pid() != pid, "running again").pid();
        assertTrue(again != pid);
        assertEquals("test again", h.engine.service("web").orElseThrow().origin());
    }

    @Test
    void twoRemovalsOfOneServiceRemoveIt() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        h.awaitState("web", RUNNING);
        CompletionStage<Void> first = h.engine.remove("web");
        CompletionStage<Void> second = h.engine.remove("web");
        Harness.join(first);
        Harness.join(second);
        assertTrue(h.engine.service("web").isEmpty());
    }

    @Test
    void everyStateChangeIsAnEventWithItsProperties() throws Exception {
        h.define(sh("web", "exec sleep 30").group("front"));
        int pid = h.awaitState("web", RUNNING).pid();
        Harness.join(h.engine.stop("web"));
        assertEquals(List.of(STARTING, RUNNING, STOPPING, STOPPED), h.events.states("web"));
        List<RecordingEvents.Posted> posted = h.events.of("web");
        assertEquals("dev/capstan/service/STARTING", posted.get(0).event().getTopic());
        assertEquals("front", posted.get(0).get(ServiceEvents.GROUP));
        assertEquals("STOPPED", posted.get(0).get(ServiceEvents.FROM_STATE));
        assertEquals(0, posted.get(0).get(ServiceEvents.TRIES));
        assertEquals(pid, posted.get(1).get(ServiceEvents.PID));
        RecordingEvents.Posted stopped = posted.get(3);
        assertEquals("STOPPING", stopped.get(ServiceEvents.FROM_STATE));
        assertEquals(pid, stopped.get(ServiceEvents.PID));
        assertEquals(15, stopped.get(ServiceEvents.SIGNAL));
        assertEquals(null, stopped.get(ServiceEvents.EXPECTED), "expected is for EXITED only");
        assertEquals(null, stopped.get(ServiceEvents.EXIT_CODE));
    }

    @Test
    void aFailingHealthCheckRestartsTheService() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            h.define(ServiceSpec.builder("web", List.of("sleep", "30")).startSecs(Duration.ofMillis(100))
                    .healthcheck(new Probe.Tcp("127.0.0.1", server.getLocalPort()))
                    .healthInterval(Duration.ofMillis(100)).healthFailures(2));
            int pid = h.awaitState("web", RUNNING).pid();
            Harness.sleep(400);
            assertEquals(pid, h.status("web").pid(), "healthy: left alone");
            server.close();
            long closed = System.nanoTime();
            h.await("web", s -> s.state() == RUNNING && s.pid() != pid, "restarted");
            long took = millis(h.events.first("web", STOPPING) - closed);
            // Two failures 100 ms apart, then the stop: no operator involved.
            assertTrue(took >= 100 && took < 1000, "stopped " + took + " ms after the port closed");
        }
    }

    private static Fault fault(java.util.concurrent.CompletionStage<?> stage) throws Exception {
        return ((SupervisorException) Harness.failure(stage)).fault();
    }

    private static SupervisorException assertThrowsSupervisor(Runnable r) {
        try {
            r.run();
        } catch (SupervisorException e) {
            return e;
        }
        throw new AssertionError("no SupervisorException");
    }

    @Test
    void stdinPipeTakesWhatIsSentAndEveryOtherStdinIsRefused() throws Exception {
        h.define(sh("reader", "while read line; do echo \"got $line\"; done").stdinPipe(true));
        h.define(sh("plain", "exec sleep 30"));
        h.awaitState("reader", RUNNING);
        h.awaitState("plain", RUNNING);
        h.engine.sendStdin("reader", "hello\nworld\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        h.await("reader", s -> h.logs.lines("reader").size() == 2, "two lines read");
        assertEquals(List.of("got hello", "got world"), h.logs.lines("reader"));
        assertEquals(Fault.NO_FILE, assertThrowsFault(() -> h.engine.sendStdin("plain", new byte[] {'x'})));
        Harness.join(h.engine.stop("reader"));
        assertEquals(Fault.NOT_RUNNING, assertThrowsFault(() -> h.engine.sendStdin("reader", new byte[] {'x'})));
        assertEquals(Fault.BAD_NAME, assertThrowsFault(() -> h.engine.sendStdin("nosuch", new byte[] {'x'})));
    }

    private static Fault assertThrowsFault(Runnable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(SupervisorException.class, call::run).fault();
    }
}
