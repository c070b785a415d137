package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.process.Credentials;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jnr.posix.RLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spawn that cannot happen fails alone, with the system's reason, and leaks nothing. */
class SpawnErrorTest extends KernelPerClass {

    private static final int RLIMIT_NOFILE = 7;
    private Set<Integer> fdsBefore;

    @TempDir
    Path tmp;

    /**
     * The kernel's reader threads, and the relay pipe each holds, start with the first pipes of
     * the kernel's life: a spawn with as many pipes as there are readers starts them all first.
     */
    @BeforeEach
    void countFds() throws Exception {
        SpawnRequest.Builder warmUp = SpawnRequest.builder(List.of("true"))
                .stdout(Stdio.pipe(new Collector())).stderr(Stdio.pipe(new Collector()));
        for (int fd = 3; fd < 1 + PipeIo.THREADS; fd++) {
            warmUp.pipe(fd, new Collector());
        }
        assertEquals(ExitStatus.exited(0), exit(kernel.spawn(warmUp.build())));
        fdsBefore = Proc.fds(Proc.SELF);
    }

    /** After every failure the kernel still spawns, and no fd of the failed spawn stays open. */
    @AfterEach
    void kernelStillWorks() throws Exception {
        assertEquals(ExitStatus.exited(0), exit(kernel.spawn(SpawnRequest.builder(List.of("true")).build())));
        assertNoFdAdded();
    }

    /**
     * A leak is an fd that was not there before and is one of what a spawn opens: a pipe, a log
     * file, /dev/null. The JVM opens and closes fds of its own meanwhile (a jar it now reads a
     * class from), so neither the sets nor their sizes need be equal.
     */
    private void assertNoFdAdded() throws Exception {
        Set<Integer> added = new TreeSet<>(Proc.fds(Proc.SELF));
        added.removeAll(fdsBefore);
        Map<Integer, String> leaked = new TreeMap<>();
        for (int fd : added) {
            String target;
            try {
                target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } catch (NoSuchFileException e) {
                continue; // closed since
            }
            if (target.startsWith("pipe:") || target.startsWith(tmp.toString()) || target.equals("/dev/null")) {
                leaked.put(fd, target);
            }
        }
        assertEquals(Map.of(), leaked, "fds a spawn opened and this JVM kept");
    }

    @Test
    void missingBinary() {
        SpawnException e = fails(SpawnRequest.builder(List.of("/usr/bin/mihomo")).stdout(Stdio.pipe(new Collector())));
        assertEquals("spawn /usr/bin/mihomo: No such file or directory", e.getMessage());
        assertEquals(2, e.errno());
    }

    @Test
    void commandNotInPath() {
        SpawnException e = fails(SpawnRequest.builder(List.of("capstan-no-such-command")));
        assertEquals("spawn capstan-no-such-command: No such file or directory", e.getMessage());
    }

    @Test
    void notExecutable() throws Exception {
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        SpawnException e = fails(SpawnRequest.builder(List.of(script.toString())));
        assertEquals("spawn " + script + ": Permission denied", e.getMessage());
        assertEquals(13, e.errno());
    }

    @Test
    void missingDirectory() {
        SpawnException e = fails(SpawnRequest.builder(List.of("true")).directory(Path.of("/nope")));
        assertEquals("spawn true: chdir /nope: No such file or directory", e.getMessage());
    }

    @Test
    void unwritableLogFile() {
        SpawnException e = fails(SpawnRequest.builder(List.of("true"))
                .stdout(Stdio.file(Path.of("/nope/out.log"), false)));
        assertEquals("spawn true: open /nope/out.log: No such file or directory", e.getMessage());
    }

    @Test
    void missingBinaryForAnotherUser() {
        SpawnException e = fails(SpawnRequest.builder(List.of("/usr/bin/mihomo"))
                .user(new Credentials("nobody", 65534, 65534, true)));
        assertEquals("spawn /usr/bin/mihomo: No such file or directory", e.getMessage());
    }

    @Test
    void outOfFileDescriptors() throws Exception {
        SpawnRequest request = SpawnRequest.builder(List.of("true")).stdout(Stdio.pipe(new Collector())).build();
        RLimit limit = TestPosix.POSIX.getrlimit(RLIMIT_NOFILE);
        // With a soft limit of 3 no new fd can be opened (0, 1 and 2 are). Nothing in this window
        // may load a class from a file, so the exception class is loaded first.
        Class.forName(NativeException.class.getName());
        SpawnException failure = null;
        Native.check(TestPosix.POSIX.setrlimit(RLIMIT_NOFILE, 3, limit.rlimMax()), "setrlimit");
        try {
            kernel.spawn(request);
        } catch (SpawnException e) {
            failure = e;
        } finally {
            Native.check(TestPosix.POSIX.setrlimit(RLIMIT_NOFILE, limit.rlimCur(), limit.rlimMax()), "setrlimit");
        }
        assertNotNull(failure, "spawn under a 3-fd limit");
        assertEquals("spawn true: pipe2: Too many open files", failure.getMessage());
        assertEquals(24, failure.errno());
    }

    @Test
    void repeatedFailuresLeakNoFd() throws Exception {
        for (int i = 0; i < 100; i++) {
            fails(SpawnRequest.builder(List.of("/usr/bin/mihomo"))
                    .stdout(Stdio.pipe(new Collector())).stderr(Stdio.file(tmp.resolve("err.log"), false))
                    .pipe(3, new Collector()));
        }
        assertNoFdAdded();
    }

    private static SpawnException fails(SpawnRequest.Builder request) {
        return assertThrows(SpawnException.class, () -> kernel.spawn(request.build()));
    }
}
