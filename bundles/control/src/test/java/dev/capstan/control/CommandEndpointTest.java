package dev.capstan.control;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import dev.capstan.http.server.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/** The endpoint under load and misuse: concurrency, followers, disconnects, bad lines. */
class CommandEndpointTest {
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
    void stop() throws Exception {
        control.close();
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
        waitFor(() -> control.endpoint.running() == 0 && control.server.unixConnections() == 0);
    }

    @Test
    void aClientLeavingTailFollowLeavesNothingRunning() throws Exception {
        Set<String> before = threadsOutsideOurPools();
        try (RawClient tail = new RawClient(control.socket)) {
            tail.command("tail -f web").readUntil("started\n");
            control.logs.write("web", StreamName.STDOUT, "more\n");
            tail.readUntil("more\n");
            assertEquals(1, control.logs.openFollows.get());
            assertEquals(1, control.endpoint.running());
        }
        waitFor(() -> control.logs.openFollows.get() == 0);
        waitFor(() -> control.endpoint.running() == 0 && control.server.unixConnections() == 0);
        waitFor(() -> threadsOutsideOurPools().equals(before));
        assertEquals(0, control.ctl("status", "web").exit(), "and the server goes on");
    }

    /** Issue: 32 idle followers, or 32 half-sent requests, locked every other client out. */
    @Test
    void followersAndHalfSentRequestsDoNotLockOutShortCommands() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                RawClient tail = new RawClient(control.socket);
                clients.add(tail);
                tail.command("tail -f web").readUntil("started\n");
            }
            for (int i = 0; i < 32; i++) {
                clients.add(new RawClient(control.socket).send("POST /capstan/command HTTP/1.1\r\nContent-Length: 10\r\n\r\nsta"));
            }
            waitFor(() -> control.server.unixConnections() == 64);
            for (int i = 0; i < 5; i++) {
                assertEquals(0, control.ctl("status", "web").exit(), "short command " + i);
            }
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
        waitFor(() -> control.logs.openFollows.get() == 0 && control.endpoint.running() == 0);
    }

    @Test
    void badLinesAre400AndTouchNothingElse() throws Exception {
        try (RawClient tail = new RawClient(control.socket)) {
            tail.command("tail -f web").readUntil("started\n");

            assertBadRequest("status\0web".getBytes(StandardCharsets.UTF_8), "control character 0x00");
            assertBadRequest("status\nstatus".getBytes(StandardCharsets.UTF_8), "control character 0x0a");
            assertBadRequest(new byte[] {'s', (byte) 0xff, (byte) 0xfe}, "not UTF-8");
            byte[] long65k = new byte[64 * 1024 + 1];
            Arrays.fill(long65k, (byte) 'a');
            assertBadRequest(long65k, "longer than 65536 bytes");
            try (RawClient get = new RawClient(control.socket)) {
                String reply = get.send("GET /capstan/command HTTP/1.1\r\nConnection: close\r\n\r\n").readToEnd();
                assertTrue(reply.startsWith("HTTP/1.1 405 Method Not Allowed\r\n") && reply.contains("\r\nAllow: POST\r\n"), reply);
            }

            control.logs.write("web", StreamName.STDOUT, "still here\n");
            tail.readUntil("still here\n");
        }
        assertEquals(0, control.ctl("status", "web").exit());
        assertTrue(control.supervisor.calls.stream().noneMatch(c -> c.contains("aaaa")));
    }

    @Test
    void aTrailingNewlineIsTheEndOfTheLine() throws Exception {
        try (RawClient raw = new RawClient(control.socket)) {
            String reply = raw.command("status web\r\n").readUntil("x1:0");
            assertTrue(reply.matches("(?s).*o\\d+:web +RUNNING.*"), reply);
        }
    }

    @Test
    void closingTheServerEndsRunningCommands() throws Exception {
        try (RawClient tail = new RawClient(control.socket)) {
            tail.command("tail -f web").readUntil("started\n");
            control.close();
            tail.readToEnd();
        }
        waitFor(() -> control.logs.openFollows.get() == 0);
    }

    @Test
    void overTcpTheEndpointServesOperatorsWithBasicAuth() throws Exception {
        control.server.tcp("admin", "secret");
        String url = "http://127.0.0.1:" + control.server.port();
        RunningControl.Result ok = control.ctl("-s", url, "-u", "admin", "-p", "secret", "status", "web");
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().startsWith("web "), ok.out());
        assertEquals(new RunningControl.Result(1, "Server requires authentication\n", ""), control.ctl("-s", url, "status"));
        RunningControl.Result gogo = control.ctl("-s", url, "-u", "admin", "-p", "secret", "echo", "hi");
        assertEquals(1, gogo.exit());
        assertTrue(gogo.err().startsWith("capstan: permission denied: operators may run only "), gogo.err());
        RunningControl.Result supervisorctl = control.supervisorctl("-s", url, "-u", "admin", "-p", "secret", "stop web");
        assertEquals(new RunningControl.Result(0, "web: stopped\n", ""), supervisorctl);
    }

    /** Each on its own connection: 400 with the reason. */
    private void assertBadRequest(byte[] body, String reason) throws Exception {
        try (RawClient raw = new RawClient(control.socket)) {
            String reply = raw.command(body).readUntil(reason + "\n");
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n") && reply.endsWith("\r\n\r\ncapstan: bad request: " + reason + "\n"),
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
