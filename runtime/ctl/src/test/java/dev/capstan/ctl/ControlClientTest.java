package dev.capstan.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlClientTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void argumentsAreEscapedForGogo() {
        assertEquals("status web group:* -f -100 a=b", ControlClient.commandLine(List.of("status", "web", "group:*", "-f", "-100", "a=b")));
        assertEquals("x a\\ b \\$HOME \\{\\} \\'q\\' \\\"d\\\" \\\\ \\; \\| \\# \\é ''",
                ControlClient.commandLine(List.of("x", "a b", "$HOME", "{}", "'q'", "\"d\"", "\\", ";", "|", "#", "é", "")));
        assertThrows(IllegalArgumentException.class, () -> ControlClient.commandLine(List.of("status", "a\nb")));
    }

    @Test
    void noSocketFileExitsAsSupervisorctl() {
        Path socket = dir.resolve("nosuch.sock");
        assertEquals(4, run("-s", socket.toString(), "status"));
        assertEquals("unix://" + socket + " no such file\n", err());
        assertEquals(7, run("-s", socket.toString(), "start", "web"));
        assertEquals(1, run("-s", socket.toString(), "shutdown"));
        assertEquals("ERROR: unix://" + socket + " no such file (already shut down?)\n", err());
        assertEquals(1, run("-s", socket.toString(), "reread"));
    }

    @Test
    void aSocketNobodyListensOnExitsFour() throws Exception {
        Path socket = dir.resolve("dead.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
        assertEquals(4, run("-s", socket.toString(), "status"));
        assertEquals("unix://" + socket + " refused connection\n", err());
        assertEquals(4, run("-s", socket.toString(), "stop", "web"));
        assertEquals(1, run("-s", socket.toString(), "avail"));
    }

    @Test
    void badOptionsExitTwo() {
        assertEquals(2, run("-x"));
        assertTrue(err().startsWith("Error: option -x not recognized\n"));
        assertEquals(2, run("-c"));
        assertEquals(2, run("-c", dir.resolve("nosuch.conf").toString(), "status"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("capstanctl -- control a running Capstan"));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return CapstanCtl.run(args, System.in, new PrintStream(out, true), new PrintStream(err, true), System.getenv(),
                null, false);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
