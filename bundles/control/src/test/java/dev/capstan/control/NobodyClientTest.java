package dev.capstan.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.ctl.CapstanCtl;
import dev.capstan.process.Child;
import dev.capstan.process.Credentials;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import dev.capstan.process.linux.LinuxProcessKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capstanctl as another user (nobody), a separate JVM started through Capstan's own process
 * kernel: the private directory keeps it out, and where a loose mode lets it in, SO_PEERCRED
 * does. Needs root, to run a child as nobody.
 */
class NobodyClientTest {
    private static LinuxProcessKernel kernel;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKernel() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root");
        kernel = LinuxProcessKernel.start();
    }

    @AfterAll
    static void stopKernel() {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    void theUidCheckHoldsEvenWhenTheModesLetNobodyIn() throws Exception {
        Path open = openDirectory();
        SocketSettings loose = new SocketSettings(open.resolve("capstan.sock"), SocketSettings.permissions(0666), null, null);
        try (RunningControl control = new RunningControl(loose, null)) {
            Run r = capstanctlAsNobody(open, control.socket);
            assertEquals(1, r.exit, r.err);
            assertEquals("capstan: permission denied: user nobody may not use this socket\n", r.err);
            assertTrue(control.supervisor.calls.isEmpty());
            assertEquals(4, control.ctl("status", "nosuch").exit(), "root still gets in");
        }
    }

    @Test
    void thePrivateDirectoryKeepsNobodyFromTheSocket() throws Exception {
        Path open = openDirectory();
        try (RunningControl control = new RunningControl(open, null)) {
            Run r = capstanctlAsNobody(open, control.socket);
            assertEquals(1, r.exit, r.err);
            assertTrue(r.err.contains("Permission denied"), r.err);
        }
    }

    private record Run(int exit, String err) {
    }

    /** A directory nobody can read (the client's jar) and write (its output). */
    private Path openDirectory() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        return open;
    }

    private Run capstanctlAsNobody(Path open, Path socket) throws Exception {
        Path jar = Path.of(CapstanCtl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classpath = open.resolve("capstan-ctl.jar");
        if (Files.isDirectory(jar)) {
            classpath = jar; // the reactor's target/classes
        } else {
            Files.copy(jar, classpath, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(classpath, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path err = open.resolve("err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Child child = kernel.spawn(SpawnRequest.builder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-cp", classpath.toString(), "dev.capstan.ctl.CapstanCtl", "-s", socket.toString(), "status"))
                .user(new Credentials("nobody", 65534, 65534, true))
                .directory(open)
                .stdout(Stdio.devNull())
                .stderr(Stdio.file(err, true))
                .build());
        int exit = child.exit().toCompletableFuture().get(60, TimeUnit.SECONDS).shellCode();
        return new Run(exit, Files.readString(err));
    }
}
