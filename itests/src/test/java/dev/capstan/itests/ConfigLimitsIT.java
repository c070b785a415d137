package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files too large for Capstan's heap (bin/capstan's -Xmx128m), which used to end the JVM with
 * exit 3 and no word about the file: at boot one is a configuration error naming its file and
 * line (exit 2); on SIGHUP it is reported and the running services are left as they are.
 */
class ConfigLimitsIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("config-limits");

    @Test
    void numprocsPastTheLimitIsAConfigurationErrorAtBoot() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("numprocs.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = " + DIR.resolve("numprocs.sock") + "\n\n"
                + "[program:x]\ncommand = sleep infinity\nprocess_name = %(program_name)s_%(process_num)d\n"
                + "numprocs = 50000\n");
        try (CapstanProcess c = CapstanProcess.start("numprocs", List.of(), "-c", conf.toString())) {
            assertEquals(2, c.awaitExit(Duration.ofSeconds(60)), c.output());
            assertTrue(c.output().contains(conf + ":7: numprocs=50000: more than 5000 services in one configuration"),
                    c.output());
        }
    }

    @Test
    void aReloadOfAHugeFileLeavesTheRunningServicesAlone() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("reload.conf");
        Path socket = DIR.resolve("reload.sock");
        String head = "[unix_http_server]\nfile = " + socket + "\n\n";
        Files.writeString(conf, head + "[program:web]\ncommand = sleep infinity\n\n[program:worker]\ncommand = sleep infinity\n");
        Capstanctl ctl = new Capstanctl(socket);
        try (CapstanProcess c = CapstanProcess.start("config-limits-reload", List.of(), "-c", conf.toString())) {
            int web = ctl.awaitPid("web", 0);
            int worker = ctl.awaitPid("worker", 0);

            StringBuilder huge = new StringBuilder(head);
            for (int i = 0; i < 120_000; i++) {
                huge.append("[program:p").append(i).append("]\ncommand = sleep infinity\n");
            }
            Files.writeString(conf, huge);
            c.signal("HUP");
            c.awaitOutput(out -> out.contains(conf + ":10004: [program:p5000]: more than 5000 services in one configuration"),
                    Duration.ofSeconds(60), "the file past the limit to be reported with its line");
            assertEquals(List.of(web, worker), List.of(ctl.pid("web"), ctl.pid("worker")), "nothing changed");

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(20)), c.output());
        }
    }
}
