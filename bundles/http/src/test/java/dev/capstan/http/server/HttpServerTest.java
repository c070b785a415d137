package dev.capstan.http.server;

import static dev.capstan.http.server.Clients.curl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server with real clients: curl, raw bytes, and the bytes supervisorctl sends. */
class HttpServerTest {
    @TempDir
    Path dir;
    private Path socket;
    private TestHttpServer server;
    /** What /follow's awaitHangup returned, and its open stream. */
    private final BlockingQueue<Boolean> hangups = new ArrayBlockingQueue<>(100);
    private final BlockingQueue<OutputStream> follows = new ArrayBlockingQueue<>(100);

    private final HttpEndpoint echo = (request, response) -> {
        String text = request.method() + " " + request.path() + " ?" + request.query() + " " + request.peer().transport()
                + " " + request.peer().tier() + " user=" + request.peer().user() + " host=" + request.header("Host").orElse("-")
                + " body=" + request.body().length + "\n";
        response.header("X-Test", "yes").send(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    };

    private final HttpEndpoint stream = (request, response) -> {
        try (OutputStream out = response.stream(200, "text/plain")) {
            out.write('a');
            out.write("b".repeat(300).getBytes(StandardCharsets.US_ASCII));
        }
    };

    /** As a log follower: the first chunk, then more from another thread, until the client hangs up. */
    private final HttpEndpoint follow = (request, response) -> {
        OutputStream out = response.stream(200, "text/plain;charset=utf-8");
        out.write("first\n".getBytes(StandardCharsets.US_ASCII));
        follows.add(out);
        hangups.add(response.awaitHangup());
    };

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("run/capstan.sock");
        server = newServer(TestHttpServer.create());
    }

    private TestHttpServer newServer(TestHttpServer s) {
        return s.endpoint("/echo", Tier.OPERATOR, echo)
                .endpoint("/echo/", Tier.OPERATOR, echo)
                .endpoint("/admin", Tier.ADMINISTRATOR, echo)
                .endpoint("/stream", Tier.OPERATOR, stream)
                .endpoint("/logtail/", Tier.OPERATOR, follow)
                .endpoint("/boom", Tier.OPERATOR, (request, response) -> {
                    throw new IllegalStateException("secret detail");
                })
                .endpoint("/silent", Tier.OPERATOR, (request, response) -> { });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private String unixUrl(String path) {
        return "http://localhost" + path;
    }

    @Test
    void curlOverTheUnixSocketIsRootsAndAnAdministrator() throws Exception {
        server.unix(socket);
        Clients.Run r = curl("--unix-socket", socket.toString(), unixUrl("/echo/a%20b?x=1&y"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("HTTP/1.1 200 OK\r\n"), r.out());
        assertTrue(r.out().contains("\r\nX-Test: yes\r\n"), r.out());
        assertTrue(r.out().endsWith("\r\n\r\nGET /echo/a b ?x=1&y UNIX ADMINISTRATOR user=root host=localhost body=0\n"), r.out());
        Clients.Run post = curl("--unix-socket", socket.toString(), "--data-binary", "hello", unixUrl("/echo"));
        assertTrue(post.out().endsWith("POST /echo ? UNIX ADMINISTRATOR user=root host=localhost body=5\n"), post.out());
    }

    @Test
    void overTcpEveryoneIsAnOperatorAfterBasicAuth() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("secret".getBytes(StandardCharsets.UTF_8)));
        server.tcp("admin", "{SHA}" + sha);
        String url = "http://127.0.0.1:" + server.port();
        Clients.Run none = curl(url + "/echo");
        assertTrue(none.out().startsWith("HTTP/1.1 401 Unauthorized\r\n"), none.out());
        assertTrue(none.out().contains("\r\nWWW-Authenticate: Basic realm=\"default\"\r\n"), none.out());
        assertTrue(none.out().contains("\r\nConnection: close\r\n"), none.out());
        assertTrue(curl("-u", "admin:wrong", url + "/echo").out().startsWith("HTTP/1.1 401 "));
        assertTrue(curl("-u", "root:secret", url + "/echo").out().startsWith("HTTP/1.1 401 "));
        Clients.Run ok = curl("-u", "admin:secret", url + "/echo");
        assertTrue(ok.out().endsWith("GET /echo ? TCP OPERATOR user=admin host=127.0.0.1:" + server.port() + " body=0\n"), ok.out());
        Clients.Run admin = curl("-u", "admin:secret", url + "/admin");
        assertTrue(admin.out().startsWith("HTTP/1.1 404 Not Found\r\n"), "an administrator endpoint is never served over TCP");
    }

    @Test
    void tcpWithoutCredentialsServesOperators() throws Exception {
        server.tcp(null, null);
        Clients.Run ok = curl("http://127.0.0.1:" + server.port() + "/echo");
        assertTrue(ok.out().endsWith("TCP OPERATOR user= host=127.0.0.1:" + server.port() + " body=0\n"), ok.out());
    }

    @Test
    void onTheSocketOperatorsNeedTheUsernameWhenOneIsSetAndMayNotReachAdministratorEndpoints() throws Exception {
        server.unix(socket, 0600, "ops", "pw", true);
        assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/echo")).out().startsWith("HTTP/1.1 401 "));
        Clients.Run ok = curl("--unix-socket", socket.toString(), "-u", "ops:pw", unixUrl("/echo"));
        assertTrue(ok.out().endsWith("UNIX OPERATOR user=root host=localhost body=0\n"), ok.out());
        Clients.Run admin = curl("--unix-socket", socket.toString(), "-u", "ops:pw", unixUrl("/admin"));
        assertTrue(admin.out().startsWith("HTTP/1.1 403 Forbidden\r\n"), admin.out());
    }

    @Test
    void administratorsNeedNoPasswordOnTheSocket() throws Exception {
        server.unix(socket, 0600, "ops", "pw", false);
        assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/admin")).out().endsWith("UNIX ADMINISTRATOR user=root host=localhost body=0\n"));
    }

    @Test
    void severalRequestsOnOneConnection() throws Exception {
        server.unix(socket);
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            raw.send("GET /echo?1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /echo?2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
            raw.readUntil("?2 UNIX");
            raw.send("\r\nGET /stream HTTP/1.1\r\n\r\n");
            raw.readUntil("0\r\n\r\n");
            raw.send("GET /echo?4 HTTP/1.1\r\nConnection: close\r\n\r\n");
            String all = raw.readToEnd();
            assertEquals(4, all.split("HTTP/1.1 200 OK\r\n", -1).length - 1, all);
            assertTrue(all.contains("GET /echo ?1 UNIX ADMINISTRATOR user=root host=a body=0\n"), all);
            assertTrue(all.contains("POST /echo ?2 UNIX ADMINISTRATOR user=root host=- body=3\n"), all);
            assertTrue(all.endsWith("Connection: close\r\nX-Test: yes\r\n\r\nGET /echo ?4 UNIX ADMINISTRATOR user=root host=- body=0\n"), all);
        }
        Clients.Run twice = curl("-v", "--unix-socket", socket.toString(), unixUrl("/echo"), unixUrl("/stream"));
        assertTrue(twice.err().contains("Re-using existing connection"), twice.err());
    }

    @Test
    void chunksHaveBareHexSizeLines() throws Exception {
        server.unix(socket);
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            String reply = raw.send("GET /stream HTTP/1.1\r\nConnection: close\r\n\r\n").readToEnd();
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "1\r\na\r\n12c\r\n" + "b".repeat(300) + "\r\n0\r\n\r\n", reply);
        }
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            String reply = raw.send("GET /stream HTTP/1.0\r\n\r\n").readToEnd();
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\na" + "b".repeat(300), reply,
                    "an HTTP/1.0 client gets the body until the connection ends");
        }
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            String reply = raw.send("HEAD /echo HTTP/1.1\r\nConnection: close\r\n\r\n").readToEnd();
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n") && reply.contains("Content-Length: ") && reply.endsWith("\r\n\r\n"), reply);
        }
    }

    /** supervisorctl's own {@code tail -f} bytes: an empty Host, then a stray CRLF that must not end the follow. */
    @Test
    void supervisorctlsTailRequestIsServedAndItsStrayLineEndIsNoHangup() throws Exception {
        server.unix(socket);
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            raw.send(RequestParserTest.SUPERVISORCTL_TAIL_F);
            String head = raw.readUntil("6\r\nfirst\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"),
                    head);
            OutputStream more = follows.poll(10, TimeUnit.SECONDS);
            more.write("second\n".getBytes(StandardCharsets.US_ASCII));
            raw.readUntil("7\r\nsecond\n\r\n");
            assertNull(hangups.poll(), "the follow goes on");
        }
        assertEquals(Boolean.TRUE, hangups.poll(10, TimeUnit.SECONDS), "closing the connection is the hang-up");
    }

    @Test
    void theRealSupervisorctlFollowsOverTheSocketAndTcp() throws Exception {
        // Only what supervisorctl asks before it follows: supervisor.getVersion, answered "3.0".
        String version = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n"
                + "</param>\n</params>\n</methodResponse>\n";
        server.endpoint("/RPC2", Tier.OPERATOR, (request, response) -> response.send(200, "text/xml",
                version.getBytes(StandardCharsets.US_ASCII)));
        server.unix(socket).tcp("user", "pw");
        for (List<String> where : List.of(List.of("-s", "unix://" + socket),
                List.of("-s", "http://127.0.0.1:" + server.port(), "-u", "user", "-p", "pw"))) {
            List<String> command = new ArrayList<>(List.of("timeout", "-s", "INT", "30", "/usr/bin/supervisorctl"));
            command.addAll(where);
            command.addAll(List.of("tail", "-f", "clock"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                OutputStream more = follows.poll(30, TimeUnit.SECONDS);
                more.write("second\n".getBytes(StandardCharsets.US_ASCII));
                byte[] seen = new byte[200];
                int n = 0;
                while (!new String(seen, 0, n, StandardCharsets.US_ASCII).contains("second\n")) {
                    int r = p.getInputStream().read(seen, n, seen.length - n);
                    assertTrue(r > 0, new String(seen, 0, n, StandardCharsets.US_ASCII));
                    n += r;
                }
                assertEquals("==> Press Ctrl-C to exit <==\nfirst\nsecond\n", new String(seen, 0, n, StandardCharsets.US_ASCII));
            } finally {
                p.destroy(); // SIGTERM: it leaves, as after Ctrl-C
                p.waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(Boolean.TRUE, hangups.poll(10, TimeUnit.SECONDS), "the server saw it leave");
        }
    }

    @Test
    void badRequestsGetAStatusAndNeverAStackTrace() throws Exception {
        server.unix(socket);
        for (String bad : new String[] {"hello\r\n\r\n", "GET /echo HTTP/2.0\r\n\r\n", "GET /echo HTTP/1.1\r\nBad Header: x\r\n\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n"}) {
            try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
                String reply = raw.send(bad).readToEnd();
                assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n") || reply.startsWith("HTTP/1.1 505 "), reply);
                assertTrue(reply.contains("Connection: close\r\n"), reply);
                assertFalse(reply.contains("Exception") || reply.contains("\tat "), reply);
            }
        }
        assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/nosuch")).out().startsWith("HTTP/1.1 404 Not Found\r\n"));
        Clients.Run boom = curl("--unix-socket", socket.toString(), unixUrl("/boom"));
        assertTrue(boom.out().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), boom.out());
        assertFalse(boom.out().contains("secret detail") || boom.out().contains("Exception"), boom.out());
        assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/silent")).out().startsWith("HTTP/1.1 500 "));
        assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/echo")).out().startsWith("HTTP/1.1 200 "), "and the server goes on");
    }

    @Test
    void hugeHeadersUrlsAndBodiesAre431414And413() throws Exception {
        server.unix(socket);
        String sock = socket.toString();
        assertTrue(curl("--unix-socket", sock, "-H", "X-Big: " + "a".repeat(40_000), unixUrl("/echo")).out()
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assertTrue(curl("--unix-socket", sock, unixUrl("/echo?" + "a".repeat(9000))).out().startsWith("HTTP/1.1 414 URI Too Long\r\n"));
        Path big = dir.resolve("big");
        Files.write(big, new byte[2 * 1024 * 1024]);
        Clients.Run huge = curl("--unix-socket", sock, "--data-binary", "@" + big, unixUrl("/echo"));
        assertTrue(huge.out().startsWith("HTTP/1.1 413 Content Too Large\r\n"), huge.out() + huge.err());
        Clients.Run chunked = curl("--unix-socket", sock, "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big, unixUrl("/echo"));
        assertTrue(chunked.out().contains("HTTP/1.1 413 "), "a chunked body, refused once past the limit: " + chunked.out());
        Files.write(big, new byte[1024 * 1024]);
        Clients.Run limit = curl("--unix-socket", sock, "-H", "Expect: 100-continue", "--data-binary", "@" + big, unixUrl("/echo"));
        assertTrue(limit.out().contains("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n") && limit.out().endsWith("body=1048576\n"),
                limit.out());
    }

    @Test
    void aClientThatSendsHalfARequestIsDroppedWhileOthersAreServed() throws Exception {
        server.unix(socket);
        try (Clients.Raw slow = new Clients.Raw(UnixDomainSocketAddress.of(socket));
                Clients.Raw silent = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            slow.send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Half: ");
            assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/echo")).out().startsWith("HTTP/1.1 200 "));
            assertEquals("", slow.readToEnd(), "closed when its time to send the head is up");
            assertEquals("", silent.readToEnd());
        }
        waitFor(() -> server.unixConnections() == 0);
    }

    @Test
    void idleConnectionsAndHalfSentRequestsMakeRoomForNewClients() throws Exception {
        server.close();
        server = newServer(TestHttpServer.withConnections(4)).unix(socket);
        List<Clients.Raw> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                waiting.add(new Clients.Raw(UnixDomainSocketAddress.of(socket)).send("GET /echo HTTP/1.1\r\nX-Half: "));
            }
            waitFor(() -> server.unixConnections() == 4);
            for (int i = 0; i < 6; i++) {
                assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/echo")).out().startsWith("HTTP/1.1 200 "), "client " + i);
            }
        } finally {
            for (Clients.Raw r : waiting) {
                r.close();
            }
        }
    }

    @Test
    void followersMakeRoomForShortRequestsOnceTheyAreOld() throws Exception {
        server.close();
        server = newServer(TestHttpServer.withConnections(4)).unix(socket);
        List<Clients.Raw> followers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Clients.Raw f = new Clients.Raw(UnixDomainSocketAddress.of(socket));
                followers.add(f);
                f.send(RequestParserTest.SUPERVISORCTL_TAIL_F).readUntil("first\n");
            }
            Thread.sleep(400); // past the test limits' follower age
            assertTrue(curl("--unix-socket", socket.toString(), unixUrl("/echo")).out().startsWith("HTTP/1.1 200 "));
            assertEquals(Boolean.TRUE, hangups.poll(10, TimeUnit.SECONDS), "the oldest follower was dropped for it");
        } finally {
            for (Clients.Raw f : followers) {
                f.close();
            }
        }
    }

    @Test
    void aStreamEndsWhenTheClientIsGoneAndClientGoneSaysSo() throws Exception {
        BlockingQueue<Boolean> gone = new ArrayBlockingQueue<>(1);
        server.endpoint("/gone", Tier.OPERATOR, (request, response) -> {
            OutputStream out = response.stream(200, "text/plain");
            boolean before = response.clientGone(); // the client leaves once it has the x
            out.write('x');
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!response.clientGone() && System.nanoTime() < deadline) {
                sleep(20);
            }
            gone.add(!before && response.clientGone());
        });
        server.unix(socket);
        try (Clients.Raw raw = new Clients.Raw(UnixDomainSocketAddress.of(socket))) {
            raw.send("GET /gone HTTP/1.1\r\n\r\n").readUntil("1\r\nx\r\n");
        }
        assertEquals(Boolean.TRUE, gone.poll(20, TimeUnit.SECONDS));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
