package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bin/capstanctl against a running distribution: supervisorctl's verbs, output and exit codes,
 * Felix's own commands, the socket's modes, a refused uid, garbage on the socket, shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("control");
    private static final Path SOCKET = DIR.resolve("run/capstan.sock");
    private static CapstanProcess capstan;


    @BeforeAll
    static void startCapstan() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "",
                "[program:web]",
                "command = sh -c 'echo web: listening; exec sleep infinity'",
                "ready = log:listening",
                "",
                "[program:manual]",
                "command = sleep infinity",
                "autostart = false",
                "",
                "[program:broken]",
                "command = /nonexistent/daemon",
                "autostart = false",
                "startretries = 0",
                ""));
        capstan = CapstanProcess.start("control", List.of(), "-c", conf.toString());
        // The control socket comes up with Gogo, after the services may already be running.
        capstan.awaitOutput(out -> out.contains("web: ready") && out.contains("control socket " + SOCKET),
                Duration.ofSeconds(30), "web to be ready and the control socket to listen");
    }

    @AfterAll
    static void stopCapstan() {
        if (capstan != null) {
            capstan.close();
        }
    }

    static Capstanctl.Result ctl(String... args) throws Exception {
        return new Capstanctl(SOCKET).run(args);
    }

    @Test
    void statusAsSupervisorctlPrintsItWithItsExitCodes() throws Exception {
        Capstanctl.Result web = ctl("status", "web");
        assertEquals(0, web.exit(), web.output());
        assertTrue(web.output().matches("(?s)web +RUNNING +pid \\d+, uptime \\d+:\\d\\d:\\d\\d\\s*"), web.output());

        Capstanctl.Result all = ctl("status");
        assertEquals(3, all.exit(), "manual and broken are not running:\n" + all.output());
        assertTrue(all.output().contains("manual") && all.output().contains("STOPPED"), all.output());

        assertEquals(4, ctl("status", "nosuch").exit());

        Capstanctl.Result json = ctl("status", "--json", "web");
        assertTrue(json.output().contains("\"name\"") && json.output().contains("\"RUNNING\""), json.output());
    }

    @Test
    void startStopAndSpawnErrors() throws Exception {
        Capstanctl.Result started = ctl("start", "manual");
        assertEquals(0, started.exit(), started.output());
        assertEquals(0, ctl("status", "manual").exit());
        assertEquals(0, ctl("stop", "manual").exit());
        assertEquals(3, ctl("status", "manual").exit());

        Capstanctl.Result broken = ctl("start", "broken");
        assertEquals(7, broken.exit(), broken.output());
        Capstanctl.Result status = ctl("status", "broken");
        assertTrue(status.output().contains("FATAL") && status.output().contains("No such file or directory"), status.output());

        assertEquals(1, ctl("frobnicate").exit());
        assertEquals(2, ctl("start").exit());
    }

    @Test
    void versionIsTheLaunchers() throws Exception {
        Capstanctl.Result version = ctl("version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("0.1.0"), version.output());
    }

    @Test
    void felixCommandsWorkToo() throws Exception {
        Capstanctl.Result lb = ctl("lb");
        assertEquals(0, lb.exit(), lb.output());
        assertTrue(lb.output().contains("Capstan engine") && lb.output().contains("Apache Felix File Install"), lb.output());
        Capstanctl.Result headers = ctl("headers", "0");
        assertTrue(headers.output().contains("Bundle-SymbolicName"), headers.output());
    }

    @Test
    void theSocketIsPrivate() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET)));
    }

    @Test
    void anotherUserIsRefused() throws Exception {
        assumeTrue(Procfs.isRoot() && Procfs.onPath("setpriv"), "needs root and setpriv");
        Capstanctl.Result nobody = new Capstanctl(SOCKET, List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--")).run("status");
        assertTrue(nobody.exit() != 0, nobody.output());
        assertFalse(nobody.output().contains("RUNNING"), "nobody must not see the services:\n" + nobody.output());
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        byte[] junk = new byte[1 << 20];
        new Random(1).nextBytes(junk);
        for (byte[] bytes : List.of(junk, new byte[4096], "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII))) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(SOCKET));
                try {
                    ch.write(ByteBuffer.wrap(bytes));
                    ch.read(ByteBuffer.allocate(4096));
                } catch (IOException closedByServer) {
                    // what is expected of garbage
                }
            }
        }
        assertEquals(0, ctl("status", "web").exit(), "Capstan must be unaffected");
    }

    @Test
    void concurrentClients() throws Exception {
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(new ProcessBuilder(CapstanProcess.DIST.resolve("bin/capstanctl").toString(), "-s", SOCKET.toString(),
                    "status", "web").redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : clients) {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // ends the Capstan every other test uses
    void shutdownEndsCapstanWithZero() throws Exception {
        assertEquals(0, ctl("shutdown").exit());
        assertEquals(0, capstan.awaitExit(Duration.ofSeconds(15)), capstan.output());
        assertFalse(Files.exists(SOCKET), "the socket is removed at exit");
    }
}
