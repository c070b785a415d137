package dev.capstan.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capstan's console on a real pipe that is not read, then read again; and on real files. */
class ConsoleWriterTest {

    @TempDir
    Path dir;

    private final ExecutorService writerThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writerThread.shutdownNow();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aConsoleNobodyReadsDropsWholeLinesAndReportsThemOnceItIsReadAgain() throws Exception {
        Pipe pipe = Pipe.open();
        AtomicReference<ConsoleWriter> console = new AtomicReference<>();
        console.set(new ConsoleWriter(pipe.sink(), pipe.sink(), ConsoleWriter.CAPACITY, writerThread,
                dropped -> console.get().writeErr(ascii("dropped " + dropped + "\n"))));
        int written = 3 * ConsoleWriter.CAPACITY / 100;
        // Far more than the pipe and the queue hold: the caller must never wait for the reader.
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < written; i++) {
                console.get().writeOut(ascii(String.format("line %090d\n", i)));
            }
        });
        writes.get(30, TimeUnit.SECONDS);
        assertFalse(console.get().awaitDrained(Duration.ofMillis(100)), "nothing read the pipe, yet all was written");

        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("dropped ")) {
            buf.clear();
            pipe.source().read(buf);
            pending.append(StandardCharsets.US_ASCII.decode(buf.flip()));
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                lines.add(pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
        }
        assertTrue(console.get().awaitDrained(Duration.ofSeconds(10)));
        int delivered = lines.size() - 1;
        long dropped = Long.parseLong(lines.get(delivered).substring("dropped ".length()));
        assertEquals(written, delivered + dropped, "every line is either written whole or counted");
        assertTrue(dropped > 0 && delivered > 0, delivered + " delivered, " + dropped + " dropped");
        int previous = -1;
        for (String line : lines.subList(0, delivered)) {
            assertTrue(line.matches("line \\d{90}"), "a whole line: " + line);
            int n = Integer.parseInt(line.substring(5));
            assertTrue(n > previous, "in order");
            previous = n;
        }
    }

    @Test
    void stdoutAndStderrInTheOrderTheyCame() throws Exception {
        Path file = dir.resolve("console");
        try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
            ConsoleWriter.Descriptor fd = new ConsoleWriter.Descriptor(stream.getFD());
            ConsoleWriter console = new ConsoleWriter(fd, fd, ConsoleWriter.CAPACITY, writerThread, dropped -> { });
            for (int i = 0; i < 1000; i++) {
                if (i % 2 == 0) {
                    console.writeOut(ascii(i + "\n"));
                } else {
                    console.writeErr(ascii(i + "\n"));
                }
            }
            assertTrue(console.awaitDrained(Duration.ofSeconds(10)));
        }
        String[] lines = Files.readString(file).split("\n");
        assertEquals(1000, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(Integer.toString(i), lines[i]);
        }
    }

    @Test
    void descriptorWritesHeapReadOnlyAndDirectBuffersFromTheirPosition() throws Exception {
        Path file = dir.resolve("console");
        try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
            ConsoleWriter.Descriptor console = new ConsoleWriter.Descriptor(stream.getFD());
            ByteBuffer heap = ascii("xxheap\n").position(2);
            ByteBuffer readOnly = ascii("read-only\n").asReadOnlyBuffer();
            ByteBuffer direct = ByteBuffer.allocateDirect(16).put(ascii("direct\n")).flip();
            for (ByteBuffer b : new ByteBuffer[] {heap, readOnly, direct}) {
                int n = b.remaining();
                assertEquals(n, console.write(b));
                assertEquals(0, b.remaining(), "consumed");
            }
        }
        assertEquals("heap\nread-only\ndirect\n", Files.readString(file));
    }

    /** A FileChannel is closed for good when a writing thread is interrupted; the console is not. */
    @Test
    void aDescriptorWrittenByAnInterruptedThreadStillWorks() throws Exception {
        Path file = dir.resolve("console");
        try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
            ConsoleWriter.Descriptor console = new ConsoleWriter.Descriptor(stream.getFD());
            Thread writer = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    console.write(ascii("interrupted\n"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            writer.join();
            console.write(ascii("after\n"));
        }
        assertEquals("interrupted\nafter\n", Files.readString(file));
    }
}
