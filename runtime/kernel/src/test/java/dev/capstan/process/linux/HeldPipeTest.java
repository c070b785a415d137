package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.HeldPipe;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pipe the kernel holds between a producer and a consumer, as s6-rc's pipelines through
 * s6-fdholder: either side restarts without the other seeing EOF or EPIPE, and no byte is lost.
 */
class HeldPipeTest extends KernelPerClass {

    @Test
    void theConsumerSeesNoEofWhenItsProducerExitsAndReadsTheNextOne() throws Exception {
        try (HeldPipe pipe = kernel.pipe()) {
            Collector out = new Collector();
            Child consumer = kernel.spawn(SpawnRequest.builder(List.of("cat")).stdin(pipe.readEnd()).stdout(Stdio.pipe(out)).build());

            assertEquals(ExitStatus.exited(0), exit(kernel.spawn(sh("echo one").stdout(pipe.writeEnd()).build())));
            assertTrue(Proc.await(() -> out.snapshot().equals("one\n"), Duration.ofSeconds(10)), out.snapshot());
            assertFalse(consumer.exit().toCompletableFuture().isDone(), "the consumer read EOF when its producer exited");

            // The next producer writes to stdout and stderr, both into the pipe.
            Child second = kernel.spawn(sh("echo two; echo three >&2").stdout(pipe.writeEnd()).stderr(Stdio.sameAsStdout()).build());
            assertEquals(ExitStatus.exited(0), exit(second));
            assertTrue(Proc.await(() -> out.snapshot().equals("one\ntwo\nthree\n"), Duration.ofSeconds(10)), out.snapshot());
            assertFalse(consumer.exit().toCompletableFuture().isDone());

            pipe.close();
            assertEquals(ExitStatus.exited(0), exit(consumer), "EOF once the owner let go and no producer is left");
            assertEquals("one\ntwo\nthree\n", out.text());
        }
    }

    /**
     * The producer writes while no consumer runs (no EPIPE: the kernel holds the read end), and
     * each consumer takes one line: what a dead consumer did not read waits for the next one.
     * The shell's read builtin reads a pipe one byte at a time, so it never takes more than its line.
     */
    @Test
    void bytesWaitInThePipeForTheNextConsumer() throws Exception {
        try (HeldPipe pipe = kernel.pipe()) {
            Child producer = kernel.spawn(sh("echo first; echo second; echo third").stdout(pipe.writeEnd()).build());
            assertEquals(ExitStatus.exited(0), exit(producer), "no consumer, yet no SIGPIPE");
            for (String expected : List.of("1 first", "2 second", "3 third")) {
                Collector out = new Collector();
                Child consumer = kernel.spawn(sh("read line; echo \"$1 $line\"", expected.charAt(0))
                        .stdin(pipe.readEnd()).stdout(Stdio.pipe(out)).build());
                assertEquals(ExitStatus.exited(0), exit(consumer));
                assertEquals(expected + "\n", out.text());
            }
        }
    }

    @Test
    void endsGoOnlyWhereTheyFitAndAClosedPipeFailsTheSpawn() throws Exception {
        HeldPipe pipe = kernel.pipe();
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stdin(pipe.writeEnd()));
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stdout(pipe.readEnd()));
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.builder(List.of("true")).stderr(pipe.readEnd()));
        pipe.close();
        pipe.close(); // twice is harmless
        SpawnException e = assertThrows(SpawnException.class,
                () -> kernel.spawn(SpawnRequest.builder(List.of("cat")).stdin(pipe.readEnd()).build()));
        assertEquals("spawn cat: the read end of " + pipe + " was closed: Bad file descriptor", e.getMessage());
        assertEquals(Native.EBADF, e.errno());
    }

    /** Each child holds its own copy of the end and nothing else of the pipe; the kernel keeps both ends. */
    @Test
    void aChildGetsItsEndAndTheKernelKeepsBoth() throws Exception {
        try (HeldPipe pipe = kernel.pipe()) {
            Child consumer = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30")).stdin(pipe.readEnd()).build());
            try {
                String inode = Files.readSymbolicLink(Path.of("/proc/" + consumer.pid() + "/fd/0")).toString();
                assertTrue(inode.startsWith("pipe:"), inode);
                assertTrue(Proc.await(() -> fdsOf(consumer.pid()).equals(Set.of(0, 1, 2)), Duration.ofSeconds(5)));
                assertEquals(2, Proc.fds(Proc.SELF).stream().filter(fd -> link(Proc.SELF, fd).equals(inode)).count(),
                        "this JVM holds the read and the write end");
            } finally {
                consumer.signal(Signal.KILL);
            }
        }
    }

    @Test
    void hundredPipesAndTheirChildrenLeaveNoFd() throws Exception {
        InputPipeTest.warmUp();
        Set<Integer> before = Proc.fds(Proc.SELF);
        for (int i = 0; i < 100; i++) {
            Collector out = new Collector();
            HeldPipe pipe = kernel.pipe();
            Child consumer = kernel.spawn(SpawnRequest.builder(List.of("cat")).stdin(pipe.readEnd()).stdout(Stdio.pipe(out)).build());
            Child producer = kernel.spawn(sh("echo $1", i).stdout(pipe.writeEnd()).build());
            pipe.close();
            assertEquals(ExitStatus.exited(0), exit(producer));
            assertEquals(ExitStatus.exited(0), exit(consumer));
            assertEquals(i + "\n", out.text());
        }
        assertEquals(Set.of(), OpenFds.pipesAndSocketsAdded(before), "fds this JVM kept");
    }

    private static Set<Integer> fdsOf(int pid) {
        try {
            return Proc.fds(pid);
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static String link(int pid, int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
