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
