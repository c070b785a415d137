package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distribution as a newcomer meets it: --version, --help, and the demo started and stopped. */
class DistributionIT {

    @Test
    void versionAnswersWithoutBooting() throws Exception {
        try (CapstanProcess c = CapstanProcess.start("version", List.of(), "--version")) {
            assertEquals(0, c.awaitExit(Duration.ofSeconds(10)));
            assertTrue(c.output().startsWith("capstan 0.1.0"), c.output());
        }
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        try (CapstanProcess c = CapstanProcess.start("bad-option", List.of(), "--frobnicate")) {
            assertEquals(2, c.awaitExit(Duration.ofSeconds(10)));
            assertTrue(c.output().contains("--frobnicate: unknown option"), c.output());
            assertTrue(c.output().contains("usage: capstan"), c.output());
        }
    }

    @Test
    void missingConfigurationFileIsNamed() throws Exception {
        try (CapstanProcess c = CapstanProcess.start("missing-config", List.of(), "-c", "/nonexistent/capstan.conf")) {
            assertEquals(2, c.awaitExit(Duration.ofSeconds(10)));
            assertTrue(c.output().contains("/nonexistent/capstan.conf"), c.output());
        }
    }

    @Test
    void demoRunsItsServicesAndStopsOnSigterm() throws Exception {
        try (CapstanProcess c = CapstanProcess.start("demo", List.of())) {
            c.awaitOutput(out -> out.contains("tick") && out.contains("web: listening") && out.contains("worker: started"),
                    Duration.ofSeconds(30), "the demo's services to log");
            assertTrue(c.output().contains("capstan | INFO capstan "), "the boot line in the console format: " + c.output());
            List<Long> children = Procfs.children(c.pid());
            assertTrue(children.size() >= 2, "expected the services as Capstan's children, got " + children);
            Path cache = Path.of("/dev/shm", "capstan-felix-" + c.pid());
            assertTrue(Files.isDirectory(cache), "the framework cache on tmpfs: " + cache);

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(10)), "exit code after SIGTERM");
            assertFalse(Files.exists(cache), "the framework cache is deleted at exit");
            for (long child : children) {
                assertEquals(null, Procfs.state(child), "service pid " + child + " outlived Capstan");
            }
        }
    }
}
