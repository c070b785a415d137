package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output arrives whole and in order; a slow reader slows only its own child. */
class OutputTest extends KernelPerClass {

    @TempDir
    static Path tmp;
    private static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        data = RandomData.write(tmp, 7);
    }

    @Test
    void megabytesArriveComplete() throws Exception {
        Collector out = new Collector();
        Child child = kernel.spawn(SpawnRequest.builder(List.of("cat", data.toString())).stdout(Stdio.pipe(out)).build());
        assertArrayEquals(sha256(Files.readAllBytes(data)), sha256(out.bytes()));
        assertEquals(ExitStatus.exited(0), exit(child));
    }

    @Test
    void slowHandlerHoldsItsChildAndOnlyIt() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Collector slow = new Collector() {
            @Override
            public void onOutput(ByteBuffer bytes) {
                inHandler.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                digest.update(bytes.duplicate());
                super.onOutput(bytes);
            }
        };
        Child blocked = kernel.spawn(SpawnRequest.builder(List.of("cat", data.toString())).stdout(Stdio.pipe(slow)).build());
        try {
            assertTrue(inHandler.await(5, TimeUnit.SECONDS));

            // Another child's output flows while that handler holds its pipe and a reader thread.
            Collector other = new Collector();
            Child free = kernel.spawn(sh("echo other").stdout(Stdio.pipe(other)).build());
            assertEquals("other\n", other.text());
            assertEquals(ExitStatus.exited(0), exit(free));

            // cat is stuck in write on a full pipe: the back-pressure, not a dropped byte.
            Thread.sleep(200);
            assertFalse(blocked.exit().toCompletableFuture().isDone(), "cat exited while its reader was blocked");
            assertEquals('S', Proc.all().stream().filter(s -> s.pid() == blocked.pid()).findFirst().orElseThrow().state());
        } finally {
            release.countDown();
        }
        byte[] all = slow.bytes();
        assertEquals(Files.size(data), all.length);
        assertArrayEquals(sha256(Files.readAllBytes(data)), digest.digest());
        assertEquals(ExitStatus.exited(0), exit(blocked));
    }

    @Test
    void stdoutAndStderrArriveSeparately() throws Exception {
        Collector out = new Collector();
        Collector err = new Collector();
        kernel.spawn(sh("echo out; echo err >&2").stdout(Stdio.pipe(out)).stderr(Stdio.pipe(err)).build());
        assertEquals("out\n", out.text());
        assertEquals("err\n", err.text());
    }

    @Test
    void stderrSameAsStdoutPipe() throws Exception {
        Collector out = new Collector();
        kernel.spawn(sh("echo out; echo err >&2").stdout(Stdio.pipe(out)).stderr(Stdio.sameAsStdout()).build());
        assertEquals("out\nerr\n", out.text());
    }

    @Test
    void fileIsTheChildsStdoutAppendedOrTruncated() throws Exception {
        Path log = tmp.resolve("service.log");
        SpawnRequest.Builder append = sh("echo out; echo err >&2")
                .stdout(Stdio.file(log, false)).stderr(Stdio.sameAsStdout());
        exit(kernel.spawn(append.build()));
        exit(kernel.spawn(append.build()));
        assertEquals("out\nerr\nout\nerr\n", Files.readString(log));

        exit(kernel.spawn(sh("echo once").stdout(Stdio.file(log, true)).build()));
        assertEquals("once\n", Files.readString(log));

        int umask = Libc.umask(022);
        Libc.umask(umask);
        Set<PosixFilePermission> expected = PosixFilePermissions.fromString("rw-r--r--");
        expected.removeIf(p -> (umask & (1 << (8 - p.ordinal()))) != 0);
        assertEquals(expected, Files.getPosixFilePermissions(log), "0644 less the umask");
    }

    @Test
    void stdinIsDevNull() throws Exception {
        Collector out = new Collector();
        Child cat = kernel.spawn(SpawnRequest.builder(List.of("cat")).stdout(Stdio.pipe(out)).build());
        assertEquals("", out.text());
        assertEquals(ExitStatus.exited(0), exit(cat));
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
