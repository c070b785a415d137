package dev.capstan.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's authentication and TLS with client certificates, against a real etcd so configured:
 * the token asked for and asked for again once it expired, certificates and keys read from the
 * PEM files openssl writes, and etcd's certificate checked against the endpoint's host.
 */
class GatewaySecurityTest {

    @TempDir
    Path dir;

    @Test
    void aUserAndPasswordGetATokenAndAnExpiredTokenIsRenewed() throws Exception {
        assumeTrue(EtcdServer.installed(), "needs etcd and etcdctl (Debian etcd-server, etcd-client)");
        try (EtcdServer etcd = EtcdServer.start(dir, List.of("--auth-token=simple", "--auth-token-ttl=1"), List.of())) {
            etcd.put("/nodes/n1/easytier/enable", "true");
            etcd.ctl("user", "add", "root:s3cret");
            etcd.ctl("auth", "enable");
            URI endpoint = URI.create(etcd.endpoint());
            try (Gateway anonymous = new Gateway(endpoint, SocketFactory.getDefault(), Duration.ofSeconds(10))) {
                EtcdException e = assertThrows(EtcdException.class, () -> anonymous.range("/nodes/n1/", true, 0));
                assertEquals("etcdserver: user name is empty", e.getMessage());
                assertThrows(EtcdException.class, () -> anonymous.authenticate("root", "wrong"));
            }
            try (Gateway g = new Gateway(endpoint, SocketFactory.getDefault(), Duration.ofSeconds(10))) {
                g.authenticate("root", "s3cret");
                assertEquals("true", g.range("/nodes/n1/", true, 0).kvs().get(0).value());
                Thread.sleep(3000); // past the token's one-second life
                assertEquals("true", g.range("/nodes/n1/", true, 0).kvs().get(0).value(), "a new token, asked for at once");
                Watch w = g.watch("/nodes/n1/", true, 1);
                assertTrue(w.next().created());
                assertEquals("/nodes/n1/easytier/enable", w.next().events().get(0).kv().key());
            }
        }
    }

    @Test
    void tlsWithAClientCertificateAndTheHostChecked() throws Exception {
        assumeTrue(EtcdServer.installed(), "needs etcd and etcdctl (Debian etcd-server, etcd-client)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=capstan-test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        signed("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        signed("client", "extendedKeyUsage=clientAuth\n");
        openssl("pkey", "-in", "client.key", "-out", "client-rsa.key", "-traditional"); // BEGIN RSA PRIVATE KEY
        assertTrue(Files.readString(dir.resolve("client-rsa.key")).contains("BEGIN RSA PRIVATE KEY"));
        Path ca = dir.resolve("ca.pem");
        try (EtcdServer etcd = EtcdServer.start(dir, List.of("--cert-file=" + dir.resolve("server.pem"),
                "--key-file=" + dir.resolve("server.key"), "--trusted-ca-file=" + ca, "--client-cert-auth"),
                List.of("--cacert=" + ca, "--cert=" + dir.resolve("client.pem"), "--key=" + dir.resolve("client.key")))) {
            etcd.put("/nodes/n1/easytier/enable", "true");
            URI endpoint = URI.create(etcd.endpoint());
            assertEquals("https", endpoint.getScheme());
            for (String key : List.of("client.key", "client-rsa.key")) {
                SocketFactory tls = TlsSockets.of(ca, dir.resolve("client.pem"), dir.resolve(key));
                try (Gateway g = new Gateway(endpoint, tls, Duration.ofSeconds(10))) {
                    assertEquals("true", g.range("/nodes/n1/", true, 0).kvs().get(0).value(), key);
                }
            }
            try (Gateway noClientCertificate = new Gateway(endpoint, TlsSockets.of(ca, null, null), Duration.ofSeconds(10))) {
                assertThrows(IOException.class, () -> noClientCertificate.range("/nodes/n1/", true, 0));
            }
            try (Gateway untrusted = new Gateway(endpoint, TlsSockets.of(null, dir.resolve("client.pem"), dir.resolve("client.key")),
                    Duration.ofSeconds(10))) {
                assertThrows(SSLException.class, () -> untrusted.range("/nodes/n1/", true, 0), "the JDK's CAs did not sign it");
            }
            URI byName = URI.create("https://localhost:" + endpoint.getPort());
            try (Gateway otherHost = new Gateway(byName, TlsSockets.of(ca, dir.resolve("client.pem"), dir.resolve("client.key")),
                    Duration.ofSeconds(10))) {
                assertThrows(SSLException.class, () -> otherHost.range("/nodes/n1/", true, 0),
                        "the certificate names 127.0.0.1, not localhost");
            }
        }
        Files.writeString(dir.resolve("ec.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        IOException bad = assertThrows(IOException.class, () -> TlsSockets.of(ca, dir.resolve("client.pem"), dir.resolve("ec.key")));
        assertTrue(bad.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), bad.getMessage());
    }

    /** A key and a certificate signed by the test CA, with these extensions. */
    private void signed(String name, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key", "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
                "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + String.join(" ", args) + ":\n" + out);
    }
}
