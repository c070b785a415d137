package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capstan never runs without its control socket quietly, and binds none for a file it rejects. */
class SocketBootIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("socket-boot");

    @Test
    void aRejectedFileBindsNoSocketBeforeExitingTwo() throws Exception {
        Files.createDirectories(DIR);
        Path socket = DIR.resolve("rejected/capstan.sock");
        Path conf = Files.writeString(DIR.resolve("rejected.conf"), "[program:web]\ncommand = sleep infinity\nstartsecs = soon\n");
        try (CapstanProcess capstan = CapstanProcess.start("socket-rejected", List.of(), "-c", conf.toString(),
                "--socket", socket.toString())) {
            assertEquals(2, capstan.awaitExit(Duration.ofSeconds(30)), capstan.output());
            String out = capstan.output();
            assertTrue(out.contains("startsecs=soon"), out);
            assertFalse(out.contains("control socket"), "nothing was bound:\n" + out);
            assertFalse(out.contains("Exception"), "the error and the exit, nothing else:\n" + out);
            assertFalse(Files.exists(socket.getParent()), "not even its directory");
        }
    }

    @Test
    void somethingInTheSocketsPlaceStopsTheBootAndIsLeftAlone() throws Exception {
        Files.createDirectories(DIR);
        Path file = Files.writeString(DIR.resolve("occupied.sock"), "keep me");
        Path link = DIR.resolve("link.sock");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, file);
        for (Path occupied : List.of(file, link)) {
            Path conf = Files.writeString(DIR.resolve("occupied.conf"),
                    "[unix_http_server]\nfile = " + occupied + "\n[program:web]\ncommand = sleep infinity\n");
            try (CapstanProcess capstan = CapstanProcess.start("socket-occupied", List.of(), "-c", conf.toString())) {
                assertEquals(2, capstan.awaitExit(Duration.ofSeconds(30)), capstan.output());
                String out = capstan.output();
                assertTrue(out.contains("control socket " + occupied + ": " + occupied + ": a " + (occupied == link ? "symlink" : "file")
                        + " is in the socket's place; remove it or configure another path; Capstan cannot run without it"
                        + " and stops (exit 2)"), out);
            }
            assertEquals("keep me", Files.readString(file));
        }
        assertTrue(Files.isSymbolicLink(link));
    }
}
