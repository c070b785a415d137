package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Signal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import sun.misc.SignalHandler;

/**
 * The relay with real signals raised in this JVM. SignalRelay installs process-wide handlers, so
 * the handlers found before are put back afterwards (HygieneTest, for one, swaps the HUP handler
 * and restores whatever it found). TERM is raised only while SignalRelay's own handler is
 * installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalRelayTest {

    private static final List<String> HANDLED = List.of("TERM", "INT", "HUP", "USR1", "USR2");
    private static final Map<String, SignalHandler> before = new HashMap<>();

    @BeforeAll
    static void rememberHandlers() {
        for (String name : HANDLED) {
            sun.misc.Signal s = new sun.misc.Signal(name);
            SignalHandler found = sun.misc.Signal.handle(s, SignalHandler.SIG_DFL);
            sun.misc.Signal.handle(s, found);
            before.put(name, found);
        }
    }

    @AfterAll
    static void restoreHandlers() {
        before.forEach((name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
    }

    private record Delivery(Signal signal, Thread thread) {
    }

    /** First: it checks that no relay thread exists before the first signal, and the other test leaves one. */
    @Test
    @Order(1)
    void signalsReachTheTargetOneAtATimeInArrivalOrderOnTheRelayThread() throws Exception {
        assertNull(relayThread(), "no capstan-signals thread before SignalRelay starts");

        BlockingQueue<Delivery> seen = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        SignalRelay.start(s -> {
            seen.add(new Delivery(s, Thread.currentThread()));
            if (s == Signal.HUP) {
                try {
                    release.await(10, TimeUnit.SECONDS); // holds the relay while USR1 comes in
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertNull(relayThread(), "no capstan-signals thread before the first signal");

        sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
        Delivery hup = seen.poll(10, TimeUnit.SECONDS);
        assertEquals(Signal.HUP, hup == null ? null : hup.signal(), "the first signal raised");
        assertEquals("capstan-signals", hup.thread().getName());
        assertTrue(hup.thread().isDaemon(), "the relay thread does not keep the JVM up");

        // USR1 arrives while the target still handles HUP: it waits its turn.
        sun.misc.Signal.raise(new sun.misc.Signal("USR1"));
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "USR1 delivered while HUP was still being handled");
        release.countDown();

        Delivery usr1 = seen.poll(10, TimeUnit.SECONDS);
        assertEquals(Signal.USR1, usr1 == null ? null : usr1.signal(), "the second signal raised");
        assertSame(hup.thread(), usr1.thread(), "one relay thread for both signals");
        assertFalse(seen.iterator().hasNext(), "nothing else delivered: " + seen);
    }

    @Test
    @Order(2)
    void termIsNeverQueuedBehindAReloadThatBlocks() throws Exception {
        BlockingQueue<Delivery> seen = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        SignalRelay.start(s -> {
            seen.add(new Delivery(s, Thread.currentThread()));
            if (s == Signal.HUP) {
                try {
                    release.await(10, TimeUnit.SECONDS); // a reload reading a dead mount
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
            assertEquals(Signal.HUP, seen.poll(10, TimeUnit.SECONDS).signal());

            sun.misc.Signal.raise(new sun.misc.Signal("TERM"));
            Delivery term = seen.poll(5, TimeUnit.SECONDS);
            assertEquals(Signal.TERM, term == null ? null : term.signal(), "TERM waited for the reload");
            assertFalse(term.thread().getName().equals("capstan-signals"), "TERM went through the relay's queue");
        } finally {
            release.countDown();
        }
    }

    private static Thread relayThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("capstan-signals"))
                .findFirst().orElse(null);
    }
}
