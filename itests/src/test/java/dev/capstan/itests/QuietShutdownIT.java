package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service goes FATAL with {@code on_fatal = shutdown}: Capstan stops the others and exits with
 * the service's code, and its console holds its own lines and the services' only. EventAdmin used
 * to print a RejectedExecutionException or "Event Task Processing Interrupted" there at about one
 * shutdown in three (it was still delivering, or was handed, framework events while the framework
 * stopped it), so the shutdown is run several times.
 */
class QuietShutdownIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("quiet-shutdown");
    private static final int RUNS = 10;

    @Test
    void anOnFatalShutdownPrintsNothingButConsoleLines() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = " + DIR.resolve("capstan.sock") + "\n\n"
                + "[program:doomed]\ncommand = sh -c 'sleep 0.5; exit 3'\nstartsecs = 1\nstartretries = 0\n"
                + "on_fatal = shutdown\n\n"
                + "[program:a]\ncommand = sleep infinity\n\n"
                + "[program:b]\ncommand = sleep infinity\n\n"
                + "[program:slow]\ncommand = sh -c 'trap \"sleep 0.2; exit 0\" TERM; while :; do sleep 0.1; done'\n");
        for (int run = 1; run <= RUNS; run++) {
            try (CapstanProcess c = CapstanProcess.start("quiet-shutdown", List.of(), "-c", conf.toString())) {
                assertEquals(3, c.awaitExit(Duration.ofSeconds(30)), c.output());
                String out = c.output();
                assertTrue(out.contains("doomed is FATAL"), out);
                for (String line : out.split("\n")) {
                    assertTrue(line.matches("[a-z]+ \\| .*"), "run " + run + ": not a console line: " + line + "\n" + out);
                }
            }
        }
    }
}
