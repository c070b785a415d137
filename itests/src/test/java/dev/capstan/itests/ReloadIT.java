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
 * that does not parse is reported with its line and changes nothing, whether SIGHUP or
 * {@code reload} finds it.
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
            int web = ctl.awaitPid("web", 0);
            int worker = ctl.awaitPid("worker", 0);

            Files.writeString(CONF, HEAD
                    + "[program:web]\ncommand = sleep infinity\n\n"
                    + "[program:worker]\ncommand = sh -c 'exec sleep infinity'\n\n"
                    + "[program:extra]\ncommand = sleep infinity\n");
            c.signal("HUP");
            int extra = ctl.awaitPid("extra", 0);
            int newWorker = ctl.awaitPid("worker", worker);
            assertEquals(web, ctl.pid("web"), "an unchanged service is never touched");
            assertNotEquals(worker, newWorker, "a changed service restarts");

            Files.writeString(CONF, HEAD + "[program:web]\ncommand = sleep infinity\nstartsecs = abc\n");
            c.signal("HUP");
            c.awaitOutput(out -> out.contains("capstan.conf:6: startsecs=abc: not a number (nothing changed)"), Duration.ofSeconds(10),
                    "the broken file to be reported with its line");
            assertEquals(List.of(web, newWorker, extra), List.of(ctl.pid("web"), ctl.pid("worker"), ctl.pid("extra")),
                    "a broken file changes nothing");
            Capstanctl.Result reload = ctl.run("reload");
            assertEquals(1, reload.exit(), reload.output());
            assertTrue(reload.output().contains("capstan.conf:6: startsecs=abc: not a number"), reload.output());
            assertEquals(List.of(web, newWorker, extra), List.of(ctl.pid("web"), ctl.pid("worker"), ctl.pid("extra")),
                    "reload with a broken file restarts nothing either");

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)));
        }
    }
}
