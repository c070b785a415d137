package dev.capstan.logs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capstan's stdout and stderr as the console writes them: every kind of buffer, whoever writes. */
class ConsoleDescriptorTest {

    @TempDir
    Path dir;

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesHeapReadOnlyAndDirectBuffersFromTheirPosition() throws Exception {
        Path file = dir.resolve("console");
        try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
            Console.Descriptor console = new Console.Descriptor(stream.getFD());
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
    void aWriterThatWasInterruptedLeavesTheConsoleWorking() throws Exception {
        Path file = dir.resolve("console");
        try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
            Console.Descriptor console = new Console.Descriptor(stream.getFD());
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
