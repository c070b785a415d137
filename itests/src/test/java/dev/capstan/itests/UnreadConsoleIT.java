package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Capstan's stdout and stderr are a pipe nobody reads any more (a stalled log driver, Ctrl-S on
 * a terminal) while a service floods the console: supervision goes on. The flooding service is
 * not blocked, a killed service is respawned, {@code status} answers, the lines that found no
 * room are counted and reported once the console is read again, and SIGTERM still ends Capstan
 * in order and in time.
 */
class UnreadConsoleIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("unread-console");
    private static final Path FLOODED = DIR.resolve("flooded");
    private static final Pattern DROPPED = Pattern.compile("capstan \\| WARN console: \\d+ lines dropped");

    @Test
    void aConsoleNobodyReadsFreezesNothing() throws Exception {
        Files.createDirectories(DIR);
        Files.deleteIfExists(FLOODED);
        Path conf = DIR.resolve("capstan.conf");
        Path socket = DIR.resolve("run/capstan.sock");
        Files.writeString(conf, "[capstan]\nshutdown_timeout = 3\n\n"
                + "[unix_http_server]\nfile = " + socket + "\n\n"
                // About 2 MB of lines at once, far more than the pipe and Capstan's console buffer hold.
                + "[program:flood]\ncommand = sh -c 'seq 1 300000; touch " + FLOODED + "; exec sleep infinity'\n"
                + "autostart = false\nstartsecs = 0\n\n"
                + "[program:victim]\ncommand = sleep infinity\nstartsecs = 0\nautorestart = true\n");
        Capstanctl ctl = new Capstanctl(socket);

        try (CapstanProcess c = CapstanProcess.start("unread-console", List.of(), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("victim: STARTING -> RUNNING") && out.contains("control socket " + socket),
                    Duration.ofSeconds(30), "the boot");
            int victim = ctl.awaitPid("victim", 0);

            c.stopReading();
            flood(ctl);
            kill(victim);
            int respawned = ctl.awaitPid("victim", victim);
            Capstanctl.Result status = ctl.run("status");
            assertTrue(status.output().contains("victim") && status.output().contains("pid " + respawned),
                    "status while the console is not read:\n" + status.output());

            c.resumeReading();
            c.awaitOutput(out -> DROPPED.matcher(out).find(), Duration.ofSeconds(30),
                    "the dropped lines to be reported once the console is read again");

            c.stopReading();
            flood(ctl);
            c.signal("TERM");
            // shutdown_timeout (3 s) and the launcher's margin; generous for a busy machine.
            Integer code = c.awaitExit(Duration.ofSeconds(20));
            c.resumeReading();
            assertNotNull(code, "SIGTERM did not end Capstan while its console was not read");
            assertEquals(0, code, "the exit code of the orderly stop");
        }
    }

    /** (Re)starts the flooding service and waits until it wrote everything. */
    private static void flood(Capstanctl ctl) throws Exception {
        Files.deleteIfExists(FLOODED);
        Capstanctl.Result started = ctl.run("restart", "flood");
        assertTrue(started.output().contains("flood: started"), started.output());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(FLOODED)) {
            assertTrue(System.nanoTime() < deadline, "a service writing to the unread console was blocked");
            Thread.sleep(50);
        }
    }

    private static void kill(int pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).inheritIO().start().waitFor());
    }
}
