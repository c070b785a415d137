package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An external logrotate moves a service's log file, then sends SIGUSR2 (or SIGUSR1): Capstan
 * reopens the file by its name and the service's output goes on there.
 */
class LogReopenIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("reopen");

    @Test
    void usr2AndUsr1ReopenAMovedLogFile() throws Exception {
        if (Files.exists(DIR)) { // an earlier run's moved files would be in the way
            try (Stream<Path> left = Files.walk(DIR)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(DIR);
        Path log = DIR.resolve("ticker.log");
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "",
                "[program:ticker]",
                "command = sh -c 'while :; do echo tick; sleep 0.05; done'",
                "stdout_logfile = %(here)s/ticker.log",
                "; a size limit, so the bytes go through Capstan (else the file is the child's stdout)",
                "stdout_logfile_maxbytes = 1MB",
                ""));
        try (CapstanProcess c = CapstanProcess.start("reopen", List.of(), "-c", conf.toString())) {
            for (String signal : List.of("USR2", "USR1")) {
                awaitGrowing(log, c);
                Path moved = DIR.resolve("ticker.log." + signal);
                Files.move(log, moved);
                c.signal(signal);
                awaitGrowing(log, c);
                long size = Files.size(moved);
                Thread.sleep(300);
                assertEquals(size, Files.size(moved), "after SIG" + signal + " nothing more goes to the moved file");
            }
            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(15)));
        }
    }

    /** Waits until the file exists and gets bigger. */
    private static void awaitGrowing(Path file, CapstanProcess c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long first = -1;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                long size = Files.size(file);
                if (first >= 0 && size > first) {
                    return;
                }
                first = first < 0 ? size : first;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " does not grow; output:\n" + c.output());
    }
}
