package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.OutputFile;
import dev.capstan.process.ReadyPipe;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.SplicingHandler;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output spliced from a child's pipe into a file: whole, in order, with the handler in control. */
class SpliceTest extends KernelPerClass {

    @TempDir
    static Path tmp;
    private static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        data = RandomData.write(tmp, 11);
    }

    /**
     * Splices each turn into one file with at most {@code maxBytes} per call, except every
     * {@code readEvery}-th turn (0: never), whose bytes it has read and writes to the same file.
     * Keeps the counts the contract promises.
     */
    static class FileSplicer extends Collector implements SplicingHandler {
        final OutputFile file;
        final long maxBytes;
        final int readEvery;
        long spliced;
        long largestSplice;
        long read;
        int turns;
        Throwable failure;

        FileSplicer(OutputFile file, long maxBytes, int readEvery) {
            this.file = file;
            this.maxBytes = maxBytes;
            this.readEvery = readEvery;
        }

        @Override
        public void onReadable(ReadyPipe pipe) {
            if (readEvery > 0 && ++turns % readEvery == 0) {
                return;
            }
            try {
                long n = pipe.spliceTo(file, maxBytes);
                spliced += n;
                largestSplice = Math.max(largestSplice, n);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public void onOutput(ByteBuffer bytes) {
            read += bytes.remaining();
            try {
                file.write(bytes.duplicate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            super.onOutput(bytes);
        }
    }

    private static Child cat(Path file, SplicingHandler handler) throws Exception {
        return kernel.spawn(SpawnRequest.builder(List.of("cat", file.toString())).stdout(Stdio.pipe(handler)).build());
    }

    @Test
    void binaryOutputIsSplicedWhole() throws Exception {
        Path out = tmp.resolve("spliced");
        try (OutputFile file = kernel.openOutputFile(out)) {
            FileSplicer splicer = new FileSplicer(file, Long.MAX_VALUE, 0);
            Child child = cat(data, splicer);
            assertEquals(0, splicer.bytes().length, "nothing was read into the JVM");
            assertEquals(ExitStatus.exited(0), exit(child));
            assertEquals(null, splicer.failure);
            assertEquals(Files.size(data), splicer.spliced);
            assertEquals(Files.size(data), file.size());
            assertTrue(splicer.largestSplice > 64 * 1024, "the pipe holds more than 64 KiB: " + splicer.largestSplice);
        }
        assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(out));
    }

    @Test
    void splicedAndReadTurnsKeepTheOrderAndNoSpliceExceedsItsLimit() throws Exception {
        Path out = tmp.resolve("mixed");
        try (OutputFile file = kernel.openOutputFile(out)) {
            FileSplicer splicer = new FileSplicer(file, 1000, 3);
            assertEquals(ExitStatus.exited(0), exit(cat(data, splicer)));
            splicer.bytes();
            assertEquals(null, splicer.failure);
            assertTrue(splicer.largestSplice <= 1000, "largest splice " + splicer.largestSplice);
            assertTrue(splicer.read > 0 && splicer.spliced > 0, splicer.read + " read, " + splicer.spliced + " spliced");
            assertEquals(Files.size(data), splicer.read + splicer.spliced);
        }
        assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(out));
    }

    @Test
    void aFileThatCannotBeSplicedIntoSaysSoAndTheBytesAreReadInstead() throws Exception {
        try (OutputFile full = kernel.openOutputFile(Path.of("/dev/full"))) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Throwable> again = new AtomicReference<>();
            Collector handler = new SplicingCollector(pipe -> {
                try {
                    pipe.spliceTo(full, 100);
                } catch (IOException | RuntimeException e) {
                    thrown.compareAndSet(null, e);
                    assertThrows(IllegalStateException.class, () -> pipe.spliceTo(full, 100));
                    again.set(e);
                }
            });
            kernel.spawn(sh("echo one; echo two").stdout(Stdio.pipe(handler)).build());
            assertEquals("one\ntwo\n", handler.text(), "taken from the pipe, then handed over as read");
            assertTrue(thrown.get() instanceof UnsupportedOperationException, String.valueOf(thrown.get()));
            assertTrue(again.get() != null, "a second spliceTo after a failure is refused");
        }
    }

    @Test
    void aSplicedPipeHoldsAMebibyte() throws Exception {
        // The kernel grows a pipe no further than this sysctl; the spliced pipe then keeps 64 KiB.
        // Read by lines: readString reads one byte first, and a sysctl file read from an offset is empty.
        long pipeMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).strip());
        assumeTrue(pipeMax >= PipeSplice.PIPE_SIZE, "fs.pipe-max-size is " + pipeMax);
        CountDownLatch release = new CountDownLatch(1);
        Collector handler = new SplicingCollector(pipe -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Child child = kernel.spawn(sh("head -c 1000000 /dev/zero").stdout(Stdio.pipe(handler)).build());
        try {
            // Nobody reads while the handler waits: the child finishes only if the pipe holds it all.
            assertEquals(ExitStatus.exited(0), child.exit().toCompletableFuture().get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
        assertEquals(1_000_000, handler.bytes().length);
    }

    @Test
    void aReadyPipeIsOnlyValidDuringTheCall() throws Exception {
        AtomicReference<ReadyPipe> kept = new AtomicReference<>();
        Collector handler = new SplicingCollector(pipe -> kept.compareAndSet(null, pipe));
        kernel.spawn(sh("echo x").stdout(Stdio.pipe(handler)).build());
        assertEquals("x\n", handler.text());
        try (OutputFile file = kernel.openOutputFile(tmp.resolve("late"))) {
            assertThrows(IllegalStateException.class, () -> kept.get().spliceTo(file, 10));
        }
    }

    @Test
    void writesAndSplicesGoToTheEndEvenAfterSomeoneElseTruncatedTheFile() throws Exception {
        Path log = tmp.resolve("copytruncate.log");
        Files.writeString(log, "kept\n");
        try (OutputFile file = kernel.openOutputFile(log)) {
            assertEquals(5, file.size(), "opened at its end, content kept");
            file.write(ByteBuffer.wrap("one\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(9, file.size());
            try (FileChannel other = FileChannel.open(log, StandardOpenOption.WRITE)) {
                other.truncate(0); // logrotate's copytruncate
            }
            FileSplicer splicer = new FileSplicer(file, Long.MAX_VALUE, 0);
            kernel.spawn(sh("echo two").stdout(Stdio.pipe(splicer)).build());
            splicer.bytes();
            assertEquals("two\n", Files.readString(log), "no hole where the old content was");
            assertEquals(4, file.size());
            file.truncate();
            file.write(ByteBuffer.wrap("three\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("three\n", Files.readString(log));
        }
    }

    @Test
    void openingFailsWithTheSystemsReason() {
        IOException e = assertThrows(IOException.class, () -> kernel.openOutputFile(tmp.resolve("no/such/dir/x.log")));
        assertEquals("No such file or directory", e.getMessage());
    }

    @Test
    void aClosedFileFailsLaterWritesAndClosesOnce() throws Exception {
        OutputFile file = kernel.openOutputFile(tmp.resolve("closed.log"));
        file.close();
        int[] pipe = new int[2]; // takes the lowest free numbers: likely the file's old one
        Native.check(Libc.pipe2(pipe, Native.O_CLOEXEC), "pipe2");
        try {
            file.close();
            for (int fd : pipe) {
                assertTrue(Libc.fcntl(fd, Native.F_GETFL, 0) != -1, "fd " + fd + " closed by the second close");
            }
        } finally {
            Native.close(pipe[0]);
            Native.close(pipe[1]);
        }
        assertThrows(IOException.class, () -> file.write(ByteBuffer.wrap(new byte[] {1})));
        assertFalse(Files.size(tmp.resolve("closed.log")) > 0);
    }

    /** A collector whose {@code onReadable} does what the test says (splicing or not). */
    private static final class SplicingCollector extends Collector implements SplicingHandler {
        private final Consumer<ReadyPipe> onReadable;

        SplicingCollector(Consumer<ReadyPipe> onReadable) {
            this.onReadable = onReadable;
        }

        @Override
        public void onReadable(ReadyPipe pipe) {
            onReadable.accept(pipe);
        }
    }
}
