package dev.capstan.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.http.Tier;
import dev.capstan.http.server.TestHttpServer;
import dev.capstan.http.wire.ProtocolException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Capstan's own server over TCP, and against openssl's TLS server. */
class HttpClientTest {
    @TempDir
    Path dir;

    @Test
    void requestsOnOneKeptConnectionChunkedBodiesAndAuth() throws Exception {
        try (TestHttpServer server = TestHttpServer.create()
                .endpoint("/echo", Tier.OPERATOR, (request, response) -> response.send(200, "text/plain",
                        (request.method() + " " + new String(request.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                .endpoint("/chunks", Tier.OPERATOR, (request, response) -> {
                    try (OutputStream out = response.stream(200, "application/json")) {
                        out.write("{\"a\":".getBytes(StandardCharsets.US_ASCII));
                        out.write("1}".getBytes(StandardCharsets.US_ASCII));
                    }
                })
                .tcp("root", "pw");
                HttpClient client = new HttpClient(SocketFactory.getDefault(), "127.0.0.1", server.port())) {
            assertEquals(401, client.send("GET", "/echo", null, null).status());
            client.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:pw".getBytes(StandardCharsets.UTF_8)));
            ClientResponse post = client.send("POST", "/echo", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, post.status());
            assertEquals("POST hello", new String(post.body(), StandardCharsets.UTF_8));
            assertEquals("text/plain", post.header("content-type").orElseThrow());
            ClientResponse chunked = client.send("GET", "/chunks", null, null);
            assertEquals("{\"a\":1}", new String(chunked.body(), StandardCharsets.UTF_8));
            assertEquals(404, client.send("GET", "/nosuch", null, null).status());
            Thread.sleep(2500); // past the test server's keep-alive time: it closed the connection
            assertEquals("GET ", new String(client.send("GET", "/echo", null, null).body(), StandardCharsets.UTF_8),
                    "sent again on a new connection");
            assertThrows(ProtocolException.class, () -> client.maxBody(3).send("GET", "/chunks", null, null));
        }
    }

    @Test
    void aStreamHandsOverEachChunkAsItComesAndEndsWhenClosedFromAnotherThread() throws Exception {
        CountDownLatch secondMayGo = new CountDownLatch(1);
        CountDownLatch handlerDone = new CountDownLatch(1);
        try (TestHttpServer server = TestHttpServer.create()
                .endpoint("/watch", Tier.OPERATOR, (request, response) -> {
                    try (OutputStream out = response.stream(200, "application/json")) {
                        out.write(("first " + new String(request.body(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
                        secondMayGo.await(20, TimeUnit.SECONDS);
                        out.write("second\n".getBytes(StandardCharsets.UTF_8));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        handlerDone.countDown();
                    }
                })
                .endpoint("/whole", Tier.OPERATOR, (request, response) -> response.send(404, "text/plain",
                        "no such".getBytes(StandardCharsets.UTF_8)))
                .tcp(null, null);
                HttpClient client = new HttpClient(SocketFactory.getDefault(), "127.0.0.1", server.port())
                        .keepAlive(Duration.ofSeconds(30))) {
            ClientStream stream = client.stream("POST", "/watch", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, stream.status());
            assertEquals("application/json", stream.header("Content-Type").orElseThrow());
            assertEquals("first {}\n", new String(stream.next(), StandardCharsets.UTF_8), "the first chunk before the second exists");
            secondMayGo.countDown();
            assertEquals("second\n", new String(stream.next(), StandardCharsets.UTF_8));
            assertEquals(null, stream.next(), "the last chunk ends the body");
            assertEquals(null, stream.next());
            assertTrue(handlerDone.await(20, TimeUnit.SECONDS));

            ClientStream whole = client.stream("GET", "/whole", null, null);
            assertEquals(404, whole.status());
            assertEquals("no such", new String(whole.next(), StandardCharsets.UTF_8), "a body with a length comes whole");
            assertEquals(null, whole.next());
            whole.close();

            CountDownLatch neverSent = new CountDownLatch(1);
            try (TestHttpServer silent = TestHttpServer.create()
                    .endpoint("/silent", Tier.OPERATOR, (request, response) -> {
                        try (OutputStream out = response.stream(200, "application/json")) {
                            out.write("created\n".getBytes(StandardCharsets.UTF_8));
                            neverSent.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })
                    .tcp(null, null);
                    HttpClient other = new HttpClient(SocketFactory.getDefault(), "127.0.0.1", silent.port())) {
                ClientStream waiting = other.stream("POST", "/silent", "application/json", new byte[0]);
                assertEquals("created\n", new String(waiting.next(), StandardCharsets.UTF_8));
                Thread closer = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    waiting.close();
                });
                closer.start();
                assertThrows(java.io.IOException.class, waiting::next, "a read that waits ends when another thread closes");
                closer.join();
                neverSent.countDown();
            }
            assertEquals(404, client.send("GET", "/whole", null, null).status(), "ordinary requests after a stream, on a new connection");
        }
    }

    @Test
    void tlsThroughJavaxNetSsl() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        run("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process server = new ProcessBuilder("/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:" + port, "-www",
                "-cert", cert.toString(), "-key", key.toString(), "-quiet").redirectErrorStream(true).start();
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream pem = Files.newInputStream(cert)) {
                trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            try (HttpClient client = new HttpClient(tls.getSocketFactory(), "127.0.0.1", port)
                    .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))) {
                ClientResponse r = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (r == null) {
                    try {
                        r = client.send("GET", "/", null, null);
                    } catch (java.net.ConnectException notYet) {
                        assertTrue(System.nanoTime() < deadline, "openssl s_server did not listen");
                        Thread.sleep(100);
                    }
                }
                assertEquals(200, r.status());
                assertTrue(new String(r.body(), StandardCharsets.ISO_8859_1).contains("s_server"), "openssl's status page");
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }
}
