package dev.capstan.control;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket itself: files, concurrency, disconnects, bad input, refusals. */
class ControlServerTest {
    @TempDir
    Path dir;
    private RunningControl control;

    @BeforeEach
    void start() throws Exception {
        control = new RunningControl(dir);
        control.supervisor.add(status("web", ServiceState.RUNNING));
        control.logs.write("web", StreamName.STDOUT, "started\n");
    }

    @AfterEach
    void stop() {
        control.close();
    }

    @Test
    void theSocketIsPrivate() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control.socket.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control.socket)));
    }

    @Test
    void concurrentClientsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<RunningControl.Result>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String name = i % 2 == 0 ? "web" : "nosuch" + i;
                results.add(clients.submit(() -> control.ctl("status", name)));
            }
            for (int i = 0; i < results.size(); i++) {
                RunningControl.Result r = results.get(i).get(30, TimeUnit.SECONDS);
                if (i % 2 == 0) {
                    assertEquals(0, r.exit(), r.toString());
                    assertTrue(r.out().startsWith("web "), r.out());
                } else {
                    assertEquals(new RunningControl.Result(4, "nosuch" + i + ": ERROR (no such process)\n", ""), r);
                }
            }
        } finally {
            clients.shutdown();
        }
        waitFor(() -> control.server.busyThreads() == 0);
    }

    @Test
    void aClientLeavingTailFollowLeavesNoThreadBehind() throws Exception {
        Set<String> before = threadsOutsideOurPools();
        try (RawClient tail = new RawClient(control.socket)) {
            tail.send("tail -f web\n").readUntil("started\n");
            control.logs.write("web", StreamName.STDOUT, "more\n");
            tail.readUntil("more\n");
            assertEquals(1, control.logs.openFollows.get());
            assertEquals(2, control.server.busyThreads(), "one connection thread, one command thread");
        }
        waitFor(() -> control.logs.openFollows.get() == 0);
        waitFor(() -> control.server.busyThreads() == 0);
        waitFor(() -> threadsOutsideOurPools().equals(before));
        assertEquals(0, control.ctl("status", "web").exit(), "and the server goes on");
    }

    @Test
    void tooManyClientsAreToldSoAndTheRestGoOn() throws Exception {
        List<RawClient> tails = new ArrayList<>();
        try {
            for (int i = 0; i < Protocol.MAX_CLIENTS; i++) {
                RawClient tail = new RawClient(control.socket);
                tails.add(tail);
                tail.send("tail -f web\n").readUntil("started\n");
            }
            RunningControl.Result busy = control.ctl("status");
            assertEquals(1, busy.exit());
            assertEquals("capstan: too many control clients (" + Protocol.MAX_CLIENTS + "); try again\n", busy.err());
        } finally {
            for (RawClient tail : tails) {
                tail.close();
            }
        }
        waitFor(() -> control.server.busyThreads() == 0);
        assertEquals(0, control.ctl("status").exit());
    }

    @Test
    void badInputClosesThatConnectionOnly() throws Exception {
        try (RawClient tail = new RawClient(control.socket)) {
            tail.send("tail -f web\n").readUntil("started\n");

            byte[] noise = new byte[4096];
            new Random(7).nextBytes(noise);
            noise[100] = 0;
            noise[4095] = '\n';
            assertBadRequest(noise, "");
            assertBadRequest("status\0web\n".getBytes(StandardCharsets.UTF_8), "control character 0x00");
            assertBadRequest(new byte[] {'s', (byte) 0xff, (byte) 0xfe, '\n'}, "not UTF-8");
            assertBadRequest("status\nstatus\n".getBytes(StandardCharsets.UTF_8), "one request per connection");
            byte[] megabyte = new byte[1 << 20];
            Arrays.fill(megabyte, (byte) 'a');
            try (RawClient huge = new RawClient(control.socket)) {
                try {
                    huge.send(megabyte);
                } catch (IOException expected) {
                    // the server stopped reading at 64 KiB and closed
                }
                String reply = huge.readToEnd();
                assertTrue(reply.isEmpty() || reply.contains("longer than 65536 bytes"), reply);
            }

            control.logs.write("web", StreamName.STDOUT, "still here\n");
            tail.readUntil("still here\n");
        }
        assertEquals(0, control.ctl("status", "web").exit());
    }

    @Test
    void aClientThatSaysNothingIsDropped() throws Exception {
        try (RawClient silent = new RawClient(control.socket)) {
            long t0 = System.nanoTime();
            assertEquals("", silent.readToEnd());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1500), "after the request timeout");
        }
        waitFor(() -> control.server.busyThreads() == 0);
    }

    @Test
    void aPeerOfAnotherUidIsRefused(@TempDir Path other) throws Exception {
        PeerPolicy nobodyOnly = new PeerPolicy(Set.of(other.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("65534")));
        try (RunningControl strict = new RunningControl(other, nobodyOnly)) {
            RunningControl.Result r = strict.ctl("status");
            assertEquals(1, r.exit());
            String user = System.getProperty("user.name");
            assertEquals("capstan: permission denied: user " + user + " may not use this socket\n", r.err());
            assertEquals("", r.out());
            assertTrue(strict.supervisor.calls.isEmpty());
        }
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneIsNot() throws Exception {
        IOException live = assertThrows(IOException.class, () -> new RunningControl(dir));
        assertTrue(live.getMessage().contains("another process listens on it"), live.getMessage());
        control.close();
        assertFalse(Files.exists(control.socket), "removed on close");
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
                .bind(java.net.UnixDomainSocketAddress.of(control.socket)).close(); // what a killed server leaves
        control = new RunningControl(dir);
        control.supervisor.add(status("web", ServiceState.RUNNING));
        assertEquals(0, control.ctl("status").exit());
    }

    @Test
    void closingTheServerEndsRunningCommands() throws Exception {
        try (RawClient tail = new RawClient(control.socket)) {
            tail.send("tail -f web\n").readUntil("started\n");
            control.close();
            tail.readToEnd();
        }
        waitFor(() -> control.logs.openFollows.get() == 0);
    }

    /** Each on its own connection, which gets one error line, exit 2, and is closed. */
    private void assertBadRequest(byte[] request, String reason) throws IOException {
        try (RawClient raw = new RawClient(control.socket)) {
            String reply = raw.send(request).readToEnd();
            assertTrue(reply.startsWith("e") && reply.contains(":capstan: bad request: " + reason) && reply.endsWith("x1:2"),
                    reply);
        }
    }

    /** Live threads, less our pools' idle workers (they end after 30 s and are reused till then). */
    private static Set<String> threadsOutsideOurPools() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith("capstan-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
