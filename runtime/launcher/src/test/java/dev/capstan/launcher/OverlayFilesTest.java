package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s6-overlay's files under /run, written in a temporary /run. */
class OverlayFilesTest {

    @TempDir
    Path run;

    @Test
    void theEnvironmentIsDumpedAsS6LinuxInitDumpsIt() throws Exception {
        new OverlayFiles(run).prepare(Map.of("APP", "value with spaces", "MULTI", "a\nb", "EMPTY", ""),
                List.of("/opt/capstan/bin/capstanctl", "shutdown"));
        Path env = run.resolve("s6/container_environment");
        assertEquals("value with spaces\n", Files.readString(env.resolve("APP"), StandardCharsets.UTF_8));
        assertEquals("a\nb\n", Files.readString(env.resolve("MULTI"), StandardCharsets.UTF_8));
        assertEquals("\n", Files.readString(env.resolve("EMPTY"), StandardCharsets.UTF_8));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(env.resolve("APP"))));
        assertEquals("0\n", Files.readString(run.resolve("s6-linux-init-container-results/exitcode")));
        String halt = Files.readString(run.resolve("s6/basedir/bin/halt"));
        assertTrue(halt.endsWith("exec '/opt/capstan/bin/capstanctl' 'shutdown' >/dev/null\n"), halt);
        assertTrue(Files.isExecutable(run.resolve("s6/basedir/bin/halt")));

        // A second boot replaces the whole dump: what the new environment lacks is gone.
        new OverlayFiles(run).prepare(Map.of("APP", "new"), List.of("halt"));
        assertFalse(Files.exists(env.resolve("MULTI")));
        assertEquals("new\n", Files.readString(env.resolve("APP")));
    }

    @Test
    void keepEnvWritesNoDump() {
        new OverlayFiles(run).prepare(Map.of("S6_KEEP_ENV", "1", "APP", "x"), List.of("halt"));
        assertFalse(Files.exists(run.resolve("s6/container_environment")));
        assertTrue(Files.exists(run.resolve("s6-linux-init-container-results/exitcode")));
    }

    @Test
    void theContainerExitsWithWhatTheFileHoldsAtTheEnd() throws Exception {
        OverlayFiles files = new OverlayFiles(run);
        files.prepare(Map.of(), List.of("halt"));
        assertEquals(0, files.exitCode(7), "a SIGTERM ends with the file's 0");
        files.writeExitCode(3);
        assertEquals("3\n", Files.readString(run.resolve("s6-linux-init-container-results/exitcode")));
        // A finish script changes it after the CMD's code was written.
        Files.writeString(run.resolve("s6-linux-init-container-results/exitcode"), "143\n");
        assertEquals(143, files.exitCode(3));
        Files.writeString(run.resolve("s6-linux-init-container-results/exitcode"), "soon\n");
        assertEquals(3, files.exitCode(3));
    }

    @Test
    void withoutMinusCTheOverlayDirectoryThenTheLegacyOnesAreFound(@TempDir Path root) throws Exception {
        assertNull(OverlayFiles.find(root));
        Files.createDirectories(root.resolve("etc/cont-init.d"));
        assertEquals(root.resolve("etc/cont-init.d"), OverlayFiles.find(root));
        Files.createDirectories(root.resolve("etc/services.d"));
        assertEquals(root.resolve("etc/services.d"), OverlayFiles.find(root));
        Files.createDirectories(root.resolve("etc/s6-overlay/s6-rc.d"));
        assertEquals(root.resolve("etc/s6-overlay"), OverlayFiles.find(root));
    }
}
