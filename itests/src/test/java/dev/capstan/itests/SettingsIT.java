package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code [capstan]} settings reach the bundles that read them: the config bundle publishes
 * them typed under its own property names, and the logs bundle and the engine take them through
 * their component property types (the deploy directories are HotDeployIT's).
 */
class SettingsIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("settings");

    @Test
    void logFormatAndShutdownTimeoutTakeEffect() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "",
                "[capstan]",
                "log_format = JSON",
                "shutdown_timeout = 1500ms",
                "",
                "[program:hello]",
                "command = sh -c 'echo hello; exec sleep 30'",
                "",
                "; ignores SIGTERM, and stopwaitsecs is longer than the shutdown: only the deadline ends it",
                "[program:stubborn]",
                "command = sh -c 'trap \"\" TERM; exec sleep 30'",
                "stopwaitsecs = 30",
                ""));
        try (CapstanProcess c = CapstanProcess.start("settings", List.of(), "-c", conf.toString())) {
            c.awaitOutput(out -> out.contains("\"service\":\"hello\",\"stream\":\"stdout\",\"line\":\"hello\"}"),
                    Duration.ofSeconds(30), "hello's line in JSON");
            c.awaitOutput(out -> out.contains("stubborn: STARTING -> RUNNING"), Duration.ofSeconds(30), "stubborn running");
            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(30)));
            assertTrue(c.output().contains("shutdown_timeout of 1500 ms passed; SIGKILL to"), c.output());
        }
    }
}
