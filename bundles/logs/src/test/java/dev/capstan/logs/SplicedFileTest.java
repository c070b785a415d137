package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.StreamName;
import dev.capstan.logs.files.LogFile;
import dev.capstan.process.Stdio;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stream to a rotating file with nothing to do to its bytes: they are spliced from the
 * service's pipe into the file and never enter the JVM, and everything a user of the file
 * expects still holds.
 */
class SplicedFileTest extends EndToEnd {

    private static LogSpec rotating(Path log, long maxBytes) {
        return new LogSpec(LogSpec.Target.FILE, log, maxBytes, 5);
    }

    /**
     * Bytes the kernel's pipe readers read with read(2); splice(2) does not count there. Those
     * threads only, which live as long as the kernel: not /proc/self/io, which adds what reaped
     * children read, nor every thread, of which one that ends between two readings would make
     * the difference smaller.
     */
    private static long pipeReaderBytes() throws Exception {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                try {
                    if (!Files.readString(thread.resolve("comm")).startsWith("capstan-pipe-")) {
                        continue;
                    }
                    for (String line : Files.readAllLines(thread.resolve("io"))) {
                        if (line.startsWith("rchar: ")) {
                            total += Long.parseLong(line.substring(7));
                        }
                    }
                } catch (NoSuchFileException ended) {
                    // another thread (not a pipe reader: those live as long as the kernel) ended
                }
            }
        }
        return total;
    }

    private static byte[] concatenated(Path log) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 10; i >= 0; i--) {
            Path p = rotated(log, i);
            if (Files.exists(p)) {
                all.writeBytes(Files.readAllBytes(p));
            }
        }
        return all.toByteArray();
    }

    @Test
    void binaryOutputArrivesIntactWithoutEnteringTheJvm() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(5).nextBytes(data);
        Path source = Files.write(dir.resolve("data"), data);
        Path log = dir.resolve("binary.log");
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        long maxBytes = 3_000_000;
        long read0 = pipeReaderBytes();
        assertEquals(0, run(book, sh("binary", "cat " + source, rotating(log, maxBytes))));
        await(() -> sizes(log) == data.length);
        long read = pipeReaderBytes() - read0;
        // Only about the last 64 KiB before each of the two rotations are read, to cut after a newline.
        assertTrue(read > LogFile.LINE_ROOM && read < (1 << 20), read + " bytes were read into the JVM");
        assertArrayEquals(data, concatenated(log));
        for (int i = 0; i <= 2; i++) {
            assertTrue(Files.size(rotated(log, i)) <= maxBytes, rotated(log, i) + " is larger than maxbytes");
        }
        for (int i = 1; i <= 2; i++) { // the full ones: cut after the last newline that fits
            byte[] rotatedBytes = Files.readAllBytes(rotated(log, i));
            assertEquals('\n', rotatedBytes[rotatedBytes.length - 1], rotated(log, i) + " ends in a newline");
            assertTrue(rotatedBytes.length > maxBytes - LogFile.LINE_ROOM, rotated(log, i) + " is cut near maxbytes");
        }
        assertTrue(Files.exists(rotated(log, 2)) && !Files.exists(rotated(log, 3)), "rotated twice");
        byte[] tail = book.tail("binary", StreamName.STDOUT, 100_000);
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 100_000, data.length), tail);
        book.close();
    }

    @Test
    void aFullDiskIsReportedOnceTheServiceGoesOnAndTheLossIsCountedExactly() throws Exception {
        Path source = dir.resolve("lines");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 600_000; i++) {
            lines.append("line ").append(i).append(" of a service that does not know its disk is full\n");
        }
        Files.writeString(source, lines);
        long total = Files.size(source);
        try (SmallDisk disk = SmallDisk.mount(kernel, dir.resolve("disk"), 256);
             LogBook book = book(dir.resolve("c"), dir.resolve("e"))) {
            Path filler = Files.write(disk.path().resolve("filler"), new byte[128 * 1024]);
            Path log = disk.path().resolve("full.log");
            assertEquals(0, run(book, sh("full", "cat " + source, rotating(log, 50_000_000))),
                    "the service never saw the full disk");
            await(() -> !reports.errors.isEmpty());
            Thread.sleep(300); // the rest of its output, still in the pipe at its exit, is dropped
            assertEquals(1, reports.errors.size(), () -> "one report, not one per write: " + reports.errors);
            assertTrue(reports.errors.get(0).endsWith(
                    "full.log: cannot write (No space left on device); dropping this output until it can be written again"),
                    reports.errors.get(0));
            long kept = Files.size(log);
            assertTrue(kept > 0 && kept < total, kept + " of " + total + " bytes kept");

            Files.delete(filler);
            Thread.sleep(StreamLog.RETRY.toMillis() + 100);
            assertEquals(0, run(book, sh("full", "echo after", rotating(log, 50_000_000))));
            await(() -> Files.size(log) == kept + "after\n".length());
            assertEquals(1, reports.warnings.size(), () -> reports.warnings.toString());
            assertTrue(reports.warnings.get(0).endsWith(
                    "writing again; " + (total - kept) + " bytes of output were lost while it failed"),
                    reports.warnings.get(0));
            assertTrue(Files.readString(log).endsWith("after\n"));
            assertEquals(1, reports.errors.size(), () -> "one report for the whole outage: " + reports.errors);
        }
    }

    @Test
    void reopenAfterAnExternalMoveAndClearWorkAsForWrittenFiles() throws Exception {
        Path log = dir.resolve("moved.log");
        Path moved = dir.resolve("moved.log-20250601");
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        LogSpec spec = rotating(log, 1_000_000);
        // A run's exit may be reported before its last output is in: each step waits for it.
        run(book, sh("m", "echo before", spec));
        await(() -> Files.readString(log).equals("before\n"));
        Files.move(log, moved);
        run(book, sh("m", "echo still the old file", spec));
        await(() -> Files.readString(moved).equals("before\nstill the old file\n"));
        book.reopen();
        run(book, sh("m", "echo after", spec));
        await(() -> Files.readString(log).equals("after\n"));

        Files.writeString(rotated(log, 1), "an older file\n");
        book.clear("m");
        assertEquals(0, Files.size(log));
        assertFalse(Files.exists(rotated(log, 1)));
        run(book, sh("m", "echo cleared", spec));
        await(() -> Files.readString(log).equals("cleared\n")); // from the start, no hole
        book.close();
    }

    @Test
    void followersSeeEveryByteAcrossRotationsAndTailReachesIntoTheRotatedFile() throws Exception {
        Path log = dir.resolve("followed.log");
        LogBook book = book(dir.resolve("c"), dir.resolve("e"));
        LogSpec spec = rotating(log, 1_000_000);
        ServiceOutput first = book.open(sh("f", "true", spec));
        assertInstanceOf(Stdio.Pipe.class, first.stdout());
        first.close();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        String script = "head -c 3000000 /dev/zero | tr '\\0' a | fold -w 99";
        try (AutoCloseable following = book.follow("f", StreamName.STDOUT, b -> {
            synchronized (seen) {
                seen.writeBytes(b);
            }
        })) {
            assertEquals(0, run(book, sh("f", script, spec)));
            long expected = 3_000_000 + 3_000_000 / 99;
            await(() -> {
                synchronized (seen) {
                    return seen.size() == expected;
                }
            });
            await(() -> sizes(log) == expected); // followers get the bytes just before the file
            synchronized (seen) {
                assertArrayEquals(concatenated(log), seen.toByteArray());
            }
        }
        assertEquals(30_303, Files.size(log));
        String tail = new String(book.tail("f", StreamName.STDOUT, 30_303 + 200), StandardCharsets.US_ASCII);
        assertEquals(("a".repeat(99) + "\n").repeat(2), tail.substring(0, 200), "from x.log.1");
        assertTrue(tail.endsWith("\naaa"));
        book.close();
    }
}
