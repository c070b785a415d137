package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.InputPipe;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child's stdin as a pipe Capstan writes: never blocking, bounded, EOF on close, EPIPE when the child is gone. */
class InputPipeTest extends KernelPerClass {

    private static final int MIB = 1 << 20;

    @Test
    void bytesReachTheChildAndCloseGivesItEof() throws Exception {
        Collector out = new Collector();
        Child cat = kernel.spawn(SpawnRequest.builder(List.of("cat")).stdin(Stdio.input(4096)).stdout(Stdio.pipe(out)).build());
        InputPipe in = cat.stdin().orElseThrow();
        assertEquals(4096, in.capacity());
        assertTrue(in.write(ascii("ver:3.0 len:5\n")));
        assertTrue(in.write(ascii("hello")));
        in.close();
        assertEquals(ExitStatus.exited(0), exit(cat), "cat read EOF");
        assertEquals("ver:3.0 len:5\nhello", out.text());
        IOException e = assertThrows(IOException.class, () -> in.write(ascii("more")));
        assertEquals("stdin of pid " + cat.pid() + ": closed", e.getMessage());
        in.close(); // twice is harmless
    }

    @Test
    void onlyAnInputStdinHasAWriteEnd() throws Exception {
        Child child = kernel.spawn(SpawnRequest.builder(List.of("true")).build());
        assertTrue(child.stdin().isEmpty());
        exit(child);
        assertThrows(IllegalArgumentException.class, () -> Stdio.input(0));
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stdout(Stdio.input(1)));
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stderr(Stdio.input(1)));
    }

    /**
     * The child does not read at all: writes still return at once, the queue takes what the pipe
     * cannot, a write that does not fit is refused whole, and the reap ends the pipe.
     */
    @Test
    void writesNeverWaitForTheChildAndTheQueueIsBounded() throws Exception {
        Child sleeper = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30")).stdin(Stdio.input(MIB)).build());
        InputPipe in = sleeper.stdin().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> in.write(ByteBuffer.allocate(MIB + 1)), "more than the capacity");

        ByteBuffer big = ByteBuffer.allocate(MIB);
        assertTrue(in.write(big), "a mebibyte: the pipe takes some, the queue the rest");
        assertFalse(big.hasRemaining(), "all of it consumed");
        int queued = in.queued();
        assertTrue(queued > 0 && queued < MIB, "queued " + queued);
        CompletableFuture<Void> drained = in.drained().toCompletableFuture();
        assertFalse(drained.isDone(), "nothing reads the pipe");

        ByteBuffer tooMuch = ByteBuffer.allocate(MIB - queued + 1);
        assertFalse(in.write(tooMuch), "does not fit");
        assertEquals(MIB - queued + 1, tooMuch.remaining(), "a refused write takes nothing");
        assertTrue(in.write(ByteBuffer.allocate(MIB - queued)), "fits exactly");
        assertEquals(MIB, in.queued());
        assertFalse(in.write(ByteBuffer.allocate(1)), "full");

        sleeper.signal(Signal.KILL);
        ExitStatus status = exit(sleeper);
        assertEquals(ExitStatus.killed(9, false), status);
        assertTrue(drained.isDone(), "the stdin's wait completes before the exit");
        ExecutionException failed = assertThrows(ExecutionException.class, drained::get);
        // The pipe thread may meet EPIPE when the read end closes with the child, or the reap may end the pipe first.
        assertTrue(Set.of("stdin of pid " + sleeper.pid() + ": Broken pipe",
                "stdin of pid " + sleeper.pid() + ": the child exited with " + MIB + " bytes not written")
                .contains(failed.getCause().getMessage()), failed.getCause().getMessage());
        assertEquals(0, in.queued(), "dropped");
        IOException e = assertThrows(IOException.class, () -> in.write(ascii("x")));
        assertEquals(failed.getCause().getMessage(), e.getMessage());
    }

    /** Many times the capacity, written as fast as the queue takes it, arrives whole and in order. */
    @Test
    void megabytesArriveWholeThroughASmallQueue() throws Exception {
        byte[] data = new byte[8 * MIB];
        new Random(3).nextBytes(data);
        Collector out = new Collector();
        Child cat = kernel.spawn(SpawnRequest.builder(List.of("cat")).stdin(Stdio.input(100_000)).stdout(Stdio.pipe(out)).build());
        InputPipe in = cat.stdin().orElseThrow();
        int refused = 0;
        for (int at = 0; at < data.length; ) {
            ByteBuffer chunk = ByteBuffer.wrap(data, at, Math.min(65_536, data.length - at));
            if (in.write(chunk)) {
                at += 65_536;
            } else {
                refused++;
                in.drained().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        }
        in.close();
        in.drained().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertArrayEquals(data, out.bytes());
        assertEquals(ExitStatus.exited(0), exit(cat));
        System.out.println("8 MiB through a 100 kB queue: " + refused + " writes waited for the queue to drain");
    }

    /** close() with bytes still queued: they are written first, then the child reads EOF. */
    @Test
    void closeDeliversTheQueueBeforeEof() throws Exception {
        byte[] data = new byte[MIB];
        new Random(5).nextBytes(data);
        Collector out = new Collector();
        // The child reads only once the test has queued everything and closed.
        Child cat = kernel.spawn(sh("read go; exec cat").stdin(Stdio.input(2 * MIB)).stdout(Stdio.pipe(out)).build());
        InputPipe in = cat.stdin().orElseThrow();
        assertTrue(in.write(ascii("go\n")));
        assertTrue(in.write(ByteBuffer.wrap(data)));
        in.close();
        assertThrows(IOException.class, () -> in.write(ascii("late")), "closed, although bytes are still queued");
        assertArrayEquals(data, out.bytes());
        assertEquals(ExitStatus.exited(0), exit(cat));
        in.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0, in.queued());
    }

    /**
     * The child closes its stdin and lives on: the next write fails with EPIPE, and SIGPIPE does
     * nothing to this JVM, which catches it.
     */
    @Test
    void aChildThatClosedItsStdinMakesWritesFailWithEpipe() throws Exception {
        long pipeBit = 1L << (Signal.PIPE.number() - 1);
        assertTrue((Long.parseUnsignedLong(Proc.status(Proc.SELF, "SigCgt"), 16) & pipeBit) != 0, "the JVM catches SIGPIPE");
        Collector out = new Collector();
        Child child = kernel.spawn(sh("exec 0<&-; echo closed; exec sleep 30").stdin(Stdio.input(4096)).stdout(Stdio.pipe(out)).build());
        try {
            assertTrue(Proc.await(() -> out.snapshot().equals("closed\n"), Duration.ofSeconds(10)), out.snapshot());
            InputPipe in = child.stdin().orElseThrow();
            IOException e = assertThrows(IOException.class, () -> in.write(ascii("anyone?")));
            assertEquals("stdin of pid " + child.pid() + ": Broken pipe", e.getMessage());
            e = assertThrows(IOException.class, () -> in.write(ascii("again")));
            assertEquals("stdin of pid " + child.pid() + ": Broken pipe", e.getMessage());
            ExecutionException failed = assertThrows(ExecutionException.class, () -> in.drained().toCompletableFuture().get());
            assertEquals(e.getMessage(), failed.getCause().getMessage());
            assertFalse(child.exit().toCompletableFuture().isDone(), "the child lives on");
        } finally {
            child.signal(Signal.KILL);
        }
        assertEquals(ExitStatus.killed(9, false), exit(child));
    }

    @Test
    void afterTheExitWritesFailAndAnEmptyQueueDrainsCleanly() throws Exception {
        Child child = kernel.spawn(SpawnRequest.builder(List.of("true")).stdin(Stdio.input(16)).build());
        assertEquals(ExitStatus.exited(0), exit(child));
        InputPipe in = child.stdin().orElseThrow();
        IOException e = assertThrows(IOException.class, () -> in.write(ascii("late")));
        assertEquals("stdin of pid " + child.pid() + ": the child exited", e.getMessage());
        in.drained().toCompletableFuture().get(5, TimeUnit.SECONDS);
        in.close();
    }

    /** A thousand children with stdin pipes, closed by their owner or ended by the reap, leave no fd behind. */
    @Test
    void thousandStdinPipesLeakNothing() throws Exception {
        warmUp();
        Set<Integer> before = Proc.fds(Proc.SELF);
        List<Child> children = new ArrayList<>();
        List<Collector> outputs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Collector out = new Collector();
            boolean owned = i % 2 == 0;
            Child child = kernel.spawn((owned ? SpawnRequest.builder(List.of("cat")) : sh("read line; echo \"$line\""))
                    .stdin(Stdio.input(64)).stdout(Stdio.pipe(out)).build());
            InputPipe in = child.stdin().orElseThrow();
            assertTrue(in.write(ascii(i + "\n")));
            if (owned) {
                in.close(); // else the pipe ends with the child, which exits after one line
            }
            children.add(child);
            outputs.add(out);
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(ExitStatus.exited(0), exit(children.get(i)), "child " + i);
            assertEquals(i + "\n", outputs.get(i).text(), "child " + i);
        }
        assertEquals(Set.of(), OpenFds.pipesAndSocketsAdded(before), "pipe fds this JVM kept");
    }

    /** The pipe threads and their relay pipes start with the first pipes: start them all first. */
    static void warmUp() throws Exception {
        SpawnRequest.Builder warmUp = SpawnRequest.builder(List.of("true"))
                .stdout(Stdio.pipe(new Collector())).stderr(Stdio.pipe(new Collector()));
        for (int fd = 3; fd < 1 + PipeIo.THREADS; fd++) {
            warmUp.pipe(fd, new Collector());
        }
        assertEquals(ExitStatus.exited(0), exit(kernel.spawn(warmUp.build())));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
