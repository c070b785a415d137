package dev.capstan.engine;

import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STOPPED;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ClaimedStdio;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StdioClaimant;
import dev.capstan.process.Child;
import dev.capstan.process.OutputHandler;
import dev.capstan.process.Stdio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam through which the events bundle owns an event listener's stdin and stdout: a listener
 * waits for a claimant, the claimant's stdio is what the real process gets, and the claim hears
 * of the spawn and of the reap, in that order, on the engine thread. Also the definition and
 * supervisor events the events bundle feeds on.
 */
class ClaimedStdioTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Claims listeners only; answers each READY line on stdout with a line on stdin. */
    private static final class EchoClaimant implements StdioClaimant {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public ClaimedStdio claim(ServiceSpec spec) {
            if (!spec.isEventListener()) {
                return null;
            }
            calls.add("claim " + spec.name() + " on " + Thread.currentThread().getName());
            return new ClaimedStdio() {
                private Child child;
                private boolean answered;

                @Override
                public Stdio stdin() {
                    return Stdio.input(1024);
                }

                @Override
                public Stdio stdout() {
                    return Stdio.pipe(new OutputHandler() {
                        @Override
                        public void onOutput(ByteBuffer bytes) {
                            byte[] b = new byte[bytes.remaining()];
                            bytes.get(b);
                            synchronized (out) {
                                out.writeBytes(b);
                                answer();
                            }
                        }

                        @Override
                        public void onEnd() {
                        }
                    });
                }

                /** READY may come before the spawn returned: the answer waits for the child. */
                private void answer() {
                    if (child != null && !answered && output().endsWith("READY\n")) {
                        answered = true;
                        try {
                            child.stdin().orElseThrow().write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public void spawned(Child c) {
                    synchronized (out) {
                        child = c;
                        answer();
                    }
                    calls.add("spawned " + c.pid() + " on " + Thread.currentThread().getName());
                }

                @Override
                public void close() {
                    calls.add("close on " + Thread.currentThread().getName());
                }
            };
        }

        String output() {
            synchronized (out) {
                return out.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    @Test
    void aListenerWaitsForAClaimantAndTalksThroughItsStdio() {
        h.define(sh("listener", "echo READY; read line; echo \"got $line\"; sleep 0.3; echo bye >&2")
                .events(List.of("PROCESS_STATE")).autostart(true));
        h.define(sh("plain", "exec sleep 30"));
        h.awaitState("plain", RUNNING);
        assertEquals(STOPPED, h.status("listener").state());
        assertEquals(Engine.WAITING_FOR_EVENTS, h.status("listener").description());

        EchoClaimant claimant = new EchoClaimant();
        h.engine.addClaimant(claimant);
        h.await("listener", s -> !h.events.of("listener", dev.capstan.api.ServiceState.EXITED).isEmpty(), "ended");
        assertEquals("READY\ngot hello\n", claimant.output());
        assertEquals(List.of("bye"), h.logs.lines("listener"), "stderr still goes to the logs; stdout was the claimant's");
        h.await("listener", s -> claimant.calls.size() == 3, "closed");
        int pid = (Integer) h.events.of("listener", RUNNING).get(0).get(ServiceEvents.PID);
        assertEquals(List.of("claim listener on capstan-engine", "spawned " + pid + " on capstan-engine",
                "close on capstan-engine"), claimant.calls);
        assertTrue(h.logs.lines("plain").isEmpty());
    }

    @Test
    void definitionsAndTheSupervisorsOwnStateArePosted() throws Exception {
        h.define(sh("web", "exec sleep 30"));
        h.awaitState("web", RUNNING);
        h.define(sh("web", "exec sleep 31"));
        h.awaitState("web", RUNNING);
        Harness.join(h.engine.remove("web"));
        h.engine.shutdown().get();
        assertEquals(List.of(ServiceEvents.DEFINITION_ADDED, ServiceEvents.SUPERVISOR_RUNNING,
                ServiceEvents.DEFINITION_CHANGED, ServiceEvents.DEFINITION_REMOVED, ServiceEvents.SUPERVISOR_STOPPING),
                h.events.otherTopics());
        assertEquals("web", h.events.others.get(0).getProperty(ServiceEvents.NAME));
        assertEquals(List.of("sh", "-c", "exec sleep 31"),
                ((ServiceSpec) h.events.others.get(2).getProperty(ServiceEvents.SPEC)).command());
    }
}
