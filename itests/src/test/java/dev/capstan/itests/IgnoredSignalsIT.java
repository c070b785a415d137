package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distribution started with TERM, INT and HUP ignored ({@code trap '' TERM INT HUP; exec
 * capstan}, as {@code nohup} leaves HUP): it handles them all the same, as supervisord does, so
 * SIGHUP reloads and SIGTERM leads to the orderly stop and exit 0.
 */
class IgnoredSignalsIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("ignored-signals");
    private static final Path CONF = DIR.resolve("capstan.conf");
    /** HUP 1, INT 2 and TERM 15 in /proc/PID/status's SigIgn mask. */
    private static final long SHUTDOWN_SIGNALS = 1L | 1L << 1 | 1L << 14;

    @Test
    void signalsInheritedIgnoredStillReloadAndStop() throws Exception {
        Files.createDirectories(DIR);
        Files.writeString(CONF, "[unix_http_server]\nfile = %(here)s/run/capstan.sock\n\n"
                + "[program:sleeper]\ncommand = sleep infinity\n");
        List<String> ignoring = List.of("/bin/sh", "-c", "trap '' TERM INT HUP; exec \"$0\" \"$@\"");
        try (CapstanProcess c = CapstanProcess.start("ignored-signals", ignoring, "-c", CONF.toString())) {
            c.awaitOutput(out -> out.contains("SIGTERM was inherited as ignored; Capstan handles it")
                    && out.contains("SIGHUP was inherited as ignored; Capstan handles it")
                    && out.contains("SIGINT was inherited as ignored; Capstan handles it"),
                    Duration.ofSeconds(30), "the ignored signals to be taken back");
            assertEquals(0, sigIgn(c.pid()) & SHUTDOWN_SIGNALS, "TERM, INT and HUP no longer ignored");
            List<Long> children = awaitChildren(c);

            c.signal("HUP");
            c.awaitOutput(out -> out.contains("received SIGHUP"), Duration.ofSeconds(10), "SIGHUP to be handled");
            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)), "exit code after SIGTERM:\n" + c.output());
            assertTrue(c.output().contains("received SIGTERM"), c.output());
            for (long child : children) {
                assertNull(Procfs.state(child), "service pid " + child + " outlived Capstan");
            }
        }
    }

    private static List<Long> awaitChildren(CapstanProcess c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> children = Procfs.children(c.pid());
            if (!children.isEmpty()) {
                return children;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no service started:\n" + c.output());
    }

    private static long sigIgn(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        throw new AssertionError("no SigIgn for pid " + pid);
    }
}
