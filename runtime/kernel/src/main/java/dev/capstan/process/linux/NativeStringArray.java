package dev.capstan.process.linux;

import static dev.capstan.process.linux.Libc.ADDRESS_SIZE;
import static dev.capstan.process.linux.Libc.IO;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A NULL-terminated array of C strings, as posix_spawnp takes argv and envp, written into one
 * native buffer that the next spawn reuses: no allocation per string, nor per spawn once the
 * buffer has grown to the largest environment. Not thread-safe: the spawner uses it under the
 * process table's lock.
 */
final class NativeStringArray implements AutoCloseable {

    private long buffer;
    private long capacity;

    NativeStringArray() {
        capacity = 4096;
        buffer = IO.allocateMemory(capacity, false);
    }

    /**
     * Writes {@code strings} and returns the array's address; valid until the next call.
     *
     * @param charset the encoding of every other C string Capstan passes (the JVM's default), so
     *                a child sees the same bytes whichever way a string reached it
     */
    long of(List<String> strings, Charset charset) {
        byte[][] encoded = new byte[strings.size()][];
        long size = (long) (strings.size() + 1) * ADDRESS_SIZE;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(charset);
            size += encoded[i].length + 1;
        }
        if (size > capacity) {
            IO.freeMemory(buffer);
            capacity = Math.max(size, 2 * capacity);
            buffer = IO.allocateMemory(capacity, false);
        }
        long text = buffer + (long) (encoded.length + 1) * ADDRESS_SIZE;
        for (int i = 0; i < encoded.length; i++) {
            IO.putByteArray(text, encoded[i], 0, encoded[i].length);
            IO.putByte(text + encoded[i].length, (byte) 0);
            IO.putAddress(buffer + (long) i * ADDRESS_SIZE, text);
            text += encoded[i].length + 1;
        }
        IO.putAddress(buffer + (long) encoded.length * ADDRESS_SIZE, 0L);
        return buffer;
    }

    @Override
    public void close() {
        IO.freeMemory(buffer);
        buffer = 0;
    }
}
