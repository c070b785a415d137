package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP on the distribution: the configuration is read again and only the difference applies
 * (an unchanged service keeps its process, a changed one restarts, a new one starts), and a file
 * that does not parse is reported with its line and changes nothing.
 */
class ReloadIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("reload");
    private static final Path CONF = DIR.resolve("capstan.conf");
    private static final String HEAD = "[unix_http_server]\nfile = %(here)s/run/capstan.sock\n\n";

    @Test
    void hupAppliesOnlyTheDifferenceAndABrokenFileChangesNothing() throws Exception {
        Files.createDirectories(DIR);
        Files.writeString(CONF, HEAD
                + "[program:web]\ncommand = sleep infinity\n\n"
                + "[program:worker]\ncommand = sleep infinity\n");
        Capstanctl ctl = new Capstanctl(DIR.resolve("run/capstan.sock"));
        try (CapstanProcess c = CapstanProcess.start("reload", List.of(), "-c", CONF.toString())) {
            int web = awaitPid(ctl, "web");
            int worker = awaitPid(ctl, "worker");

            Files.writeString(CONF, HEAD
                    + "[program:web]\ncommand = sleep infinity\n\n"
                    + "[program:worker]\ncommand = sh -c 'exec sleep infinity'\n\n"
                    + "[program:extra]\ncommand = sleep infinity\n");
            c.signal("HUP");
            int extra = awaitPid(ctl, "extra");
            int newWorker = awaitPid(ctl, "worker", worker);
            assertEquals(web, pid(ctl, "web"), "an unchanged service is never touched");
            assertNotEquals(worker, newWorker, "a changed service restarts");

            Files.writeString(CONF, HEAD + "[program:web]\ncommand = sleep infinity\nstartsecs = abc\n");
            c.signal("HUP");
            c.awaitOutput(out -> out.contains("capstan.conf:6: startsecs=abc: not a number (nothing changed)"), Duration.ofSeconds(10),
                    "the broken file to be reported with its line");
            assertEquals(List.of(web, newWorker, extra), List.of(pid(ctl, "web"), pid(ctl, "worker"), pid(ctl, "extra")),
                    "a broken file changes nothing");

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)));
        }
    }

    /** The pid of a running service, 0 when it has none. */
    private static int pid(Capstanctl ctl, String name) throws Exception {
        String out = ctl.run("pid", name).output().strip();
        return out.matches("\\d+") ? Integer.parseInt(out) : 0;
    }

    private static int awaitPid(Capstanctl ctl, String name) throws Exception {
        return awaitPid(ctl, name, 0);
    }

    /** Waits until the service runs with a pid other than {@code not}. */
    private static int awaitPid(Capstanctl ctl, String name, int not) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            int pid = pid(ctl, name);
            if (pid != 0 && pid != not) {
                return pid;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not run with a new pid");
    }
}
