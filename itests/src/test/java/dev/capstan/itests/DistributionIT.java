package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumingThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The distribution as a newcomer meets it: --version, --help, and the demo started and stopped. */
class DistributionIT {

    /** The build step distribution/src/build/StoreJars.java: no shipped jar needs an inflater. */
    @Test
    void shippedJarsAreStored() throws Exception {
        List<String> compressed = new ArrayList<>();
        for (String dir : List.of("lib", "bundles", "services")) {
            List<Path> jars;
            try (Stream<Path> s = Files.walk(CapstanProcess.DIST.resolve(dir))) {
                jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            }
            if (!dir.equals("services")) {
                assertFalse(jars.isEmpty(), "jars under " + dir + "/");
            }
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry e : Collections.list(zip.entries())) {
                        if (e.getMethod() != ZipEntry.STORED) {
                            compressed.add(CapstanProcess.DIST.relativize(jar) + "!" + e.getName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), compressed, "entries not stored");
    }

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
            // Main puts the cache in /dev/shm when it can write there, else in java.io.tmpdir.
            Path shm = Path.of("/dev/shm");
            boolean onShm = Files.isDirectory(shm) && Files.isWritable(shm);
            Path cache = shm.resolve("capstan-felix-" + c.pid());
            assumingThat(onShm, () -> assertTrue(Files.isDirectory(cache), "the framework cache on tmpfs: " + cache));

            c.signal("TERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(10)), "exit code after SIGTERM");
            assumingThat(onShm, () -> assertFalse(Files.exists(cache), "the framework cache is deleted at exit"));
            for (long child : children) {
                assertEquals(null, Procfs.state(child), "service pid " + child + " outlived Capstan");
            }
        }
    }
}
