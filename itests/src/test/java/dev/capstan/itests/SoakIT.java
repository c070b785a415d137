package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chaos and soak suite's short run, as CI runs it: bench/soak for twenty seconds of load after
 * ten of warm-up, with 30 services restarting every half second, orphans, output floods, signal
 * storms, hostile and slow clients and console stalls. It fails on the same checks as the long run
 * a person starts (bench/README.md): growth of descriptors, steady threads, RSS or heap, client
 * threads that do not end, zombies, a status that does not answer, a FATAL service, a SIGTERM
 * that does not end Capstan with 0 in time.
 */
class SoakIT {
    private static final Path SOAK = Path.of(System.getProperty("capstan.bench", "../bench")).resolve("soak");

    @Test
    void aShortSoakShowsNoGrowthAndCapstanStaysAnswerable() throws Exception {
        Path report = CapstanProcess.WORK.resolve("soak.json");
        Path out = CapstanProcess.WORK.resolve("soak.log");
        Files.createDirectories(CapstanProcess.WORK);
        Process soak = new ProcessBuilder(List.of("python3", SOAK.toString(), "--capstan", CapstanProcess.DIST.toString(),
                "--seconds", "20", "--warmup", "10", "--services", "30", "--json", report.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!soak.waitFor(5, TimeUnit.MINUTES)) {
            soak.destroy();
            soak.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("bench/soak did not finish in 5 minutes:\n" + Files.readString(out));
        }
        String log = Files.readString(out);
        assertEquals(0, soak.exitValue(), log);
        assertTrue(log.contains("PASSED"), log);
        assertTrue(Files.readString(report).contains("\"passed\": true"), log);
    }
}
